package org.nextim.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The users one generator process plays: {@code count} users named {@code prefix + n} for n from
 * {@code first}. Buddies are ring neighbours in the same range (+1, -1, +2, -2, ...), so friendships are
 * symmetric as sites keep them (for an even count), and each login announces itself to the neighbours
 * that logged in before it without any user being everyone's buddy.
 */
public record Population(String prefix, int first, int count, int buddiesPerUser) {

  public Population {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one user");
    }
    if (buddiesPerUser < 0) {
      throw new IllegalArgumentException("buddies must be >= 0");
    }
  }

  public String name(int index) {
    return prefix + (first + index);
  }

  public String nick(int index) {
    return "User " + (first + index);
  }

  public List<String> buddies(int index) {
    List<String> out = new ArrayList<>();
    for (int k = 1; out.size() < Math.min(buddiesPerUser, count - 1); k++) {
      int up = (index + (k + 1) / 2) % count;
      int down = Math.floorMod(index - (k + 1) / 2, count);
      String buddy = name(k % 2 == 1 ? up : down);
      if (!out.contains(buddy)) { // in a ring of 2 or 3 the neighbours above and below coincide
        out.add(buddy);
      }
    }
    return out;
  }

  /** The sub-range [from, to) of user indexes a shard plays: contiguous, sizes differing by at most one. */
  public int[] slice(int shard, int shards) {
    int from = (int) ((long) count * shard / shards);
    int to = (int) ((long) count * (shard + 1) / shards);
    return new int[] {from, to};
  }
}
