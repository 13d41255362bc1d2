package org.nextim.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchArgsTest {

  @Test
  void readsGivenValuesAndRecordsDefaultsToo() {
    BenchArgs args = BenchArgs.parse(List.of("--users", "500", "--ack=false", "--host", "127.0.0.1"));
    assertEquals(500, args.integer("users", 1000));
    assertFalse(args.bool("ack", true));
    assertEquals(20, args.longValue("duration-seconds", 20, 1, 60));
    assertEquals("127.0.0.1", args.string("host", "x"));
    assertEquals(List.of("1000", "2000"), args.list("rates", "1000, 2000"));
    args.rejectUnknown();
    assertEquals(500, args.effective().getInteger("users"));
    assertEquals(20, args.effective().getInteger("duration-seconds"));
    assertEquals(false, args.effective().getBoolean("ack"));
  }

  @Test
  void refusesTyposAndBadValues() {
    BenchArgs typo = BenchArgs.parse(List.of("--user", "5"));
    typo.integer("users", 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, typo::rejectUnknown);
    assertTrue(e.getMessage().contains("--user"));

    assertThrows(IllegalArgumentException.class, () -> BenchArgs.parse(List.of("users", "5")));
    assertThrows(IllegalArgumentException.class, () -> BenchArgs.parse(List.of("--users")));
    assertThrows(IllegalArgumentException.class, () -> BenchArgs.parse(List.of("--a", "1", "--a", "2")));
    assertThrows(IllegalArgumentException.class,
        () -> BenchArgs.parse(List.of("--users", "many")).integer("users", 1));
    assertThrows(IllegalArgumentException.class,
        () -> BenchArgs.parse(List.of("--users", "0")).integer("users", 1, 1, 10));
    assertThrows(IllegalArgumentException.class,
        () -> BenchArgs.parse(List.of("--ack", "yes")).bool("ack", true));
  }

  @Test
  void targetsOnlyLoopback() {
    assertThrows(IllegalArgumentException.class,
        () -> RouterTarget.from(BenchArgs.parse(List.of("--host", "10.0.0.1"))));
    assertThrows(IllegalArgumentException.class,
        () -> RouterTarget.from(BenchArgs.parse(List.of("--local-address", "0.0.0.0"))));
    RouterTarget t = RouterTarget.from(BenchArgs.parse(List.of("--local-address", "127.0.0.3")));
    assertTrue(t.bindsLocalAddress());
  }
}
