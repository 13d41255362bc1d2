package org.nextim.gateway.demo;

import io.vertx.core.Future;
import org.nextim.gateway.store.BuddyLink;
import org.nextim.gateway.store.Member;
import org.nextim.gateway.store.Room;
import org.nextim.gateway.store.Store;
import org.nextim.gateway.store.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Demo mode's site: eighteen users who are all buddies of each other (groups "friend" and
 * "colleague"), rooms lobby, dev and music, a few notifications. Seeded once: a database that already
 * has alice is left alone.
 */
public final class DemoData {

  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  public static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin", "frank",
      "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor");
  /** The site admins (may broadcast). */
  public static final List<String> ADMINS = List.of("alice");
  public static final List<String> LOBBY = USERS;
  public static final List<String> DEV = List.of("alice", "bob", "carol", "dave", "grace", "ivan", "mallory");
  public static final List<String> MUSIC = List.of("alice", "carol", "erin", "frank", "heidi", "olivia");

  private DemoData() {
  }

  public static Future<Void> seed(Store store) {
    return store.user("alice").compose(existing -> {
      if (existing != null) {
        return Future.succeededFuture();
      }
      return seedUsers(store)
          .compose(v -> seedBuddies(store))
          .compose(v -> seedRooms(store))
          .compose(v -> seedNotifications(store))
          .onSuccess(v -> log.info("demo data seeded: {} users, rooms lobby, dev, music", USERS.size()));
    });
  }

  private static String nick(String id) {
    return Character.toUpperCase(id.charAt(0)) + id.substring(1);
  }

  private static Future<Void> seedUsers(Store store) {
    List<Future<Boolean>> all = new ArrayList<>();
    for (String id : USERS) {
      all.add(store.putUser(new User(id, nick(id), null, null, ADMINS.contains(id))));
    }
    return Future.all(all).mapEmpty();
  }

  private static Future<Void> seedBuddies(Store store) {
    List<Future<Void>> all = new ArrayList<>();
    for (String id : USERS) {
      List<BuddyLink> links = new ArrayList<>();
      for (String other : USERS) {
        if (!other.equals(id)) {
          // Symmetric groups: the pair's group depends on both ids, not on who looks.
          int h = Math.abs((Math.min(id.hashCode(), other.hashCode()) * 31 + Math.max(id.hashCode(), other.hashCode())) % 3);
          links.add(new BuddyLink(other, h == 0 ? "colleague" : "friend"));
        }
      }
      all.add(store.setBuddies(id, links));
    }
    return Future.all(all).mapEmpty();
  }

  private static Room room(String id, String nick, List<String> members) {
    return new Room(id, nick, null, null, members.stream().map(m -> new Member(m, nick(m))).toList());
  }

  private static Future<Void> seedRooms(Store store) {
    return Future.all(List.of(
        store.putRoom(room("lobby", "Lobby", LOBBY)),
        store.putRoom(room("dev", "Developers", DEV)),
        store.putRoom(room("music", "Music", MUSIC)))).mapEmpty();
  }

  private static Future<Void> seedNotifications(Store store) {
    return Future.all(List.of(
        store.addNotification("alice", "Welcome to the NextIM demo!", "/"),
        store.addNotification("alice", "Bob commented on your post", "/posts/1#comments"),
        store.addNotification("bob", "Welcome to the NextIM demo!", "/"),
        store.addNotification("carol", "You were added to the room Music", "/rooms/music"))).mapEmpty();
  }
}
