package org.nextim.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PopulationTest {

  @Test
  void buddiesAreSymmetricRingNeighbours() {
    Population p = new Population("u", 100, 10, 4);
    assertEquals("u100", p.name(0));
    assertEquals(List.of("u101", "u109", "u102", "u108"), p.buddies(0));
    for (int i = 0; i < 10; i++) {
      for (String b : p.buddies(i)) {
        int j = Integer.parseInt(b.substring(1)) - 100;
        assertTrue(p.buddies(j).contains(p.name(i)), p.name(i) + " and " + b);
      }
    }
  }

  @Test
  void smallRingsHaveNoRepeatedOrSelfBuddies() {
    assertEquals(List.of("u1", "u2"), new Population("u", 0, 3, 4).buddies(0));
    assertEquals(List.of("u1"), new Population("u", 0, 2, 4).buddies(0));
    assertEquals(List.of(), new Population("u", 0, 1, 4).buddies(0));
    assertEquals(List.of(), new Population("u", 0, 10, 0).buddies(3));
  }

  @Test
  void shardsSplitUsersEvenly() {
    Population p = new Population("u", 0, 10, 0);
    assertArrayEquals(new int[] {0, 3}, p.slice(0, 3));
    assertArrayEquals(new int[] {3, 6}, p.slice(1, 3));
    assertArrayEquals(new int[] {6, 10}, p.slice(2, 3));
  }
}
