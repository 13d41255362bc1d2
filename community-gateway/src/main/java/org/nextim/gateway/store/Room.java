package org.nextim.gateway.store;

import java.util.List;

/** A room and all its members (as the site defined them). {@code url}, {@code picUrl} may be null. */
public record Room(String id, String nick, String url, String picUrl, List<Member> members) {

  public Room {
    if (nick == null || nick.isBlank()) {
      nick = id;
    }
    members = members == null ? null : List.copyOf(members);
  }

  public boolean hasMember(String userId) {
    return members != null && members.stream().anyMatch(m -> m.id().equals(userId));
  }
}
