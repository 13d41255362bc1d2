package org.nextim.gateway.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import org.nextim.gateway.store.Store;

import java.util.Collection;

/** The site's notifications to a user: the latest ones, and marking the user's own ones read. */
public final class Notifications {

  public static final int LIMIT = 50;

  private final Store store;

  public Notifications(Store store) {
    this.store = store;
  }

  public Future<JsonArray> latest(String userId) {
    return store.notifications(userId, LIMIT).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(n -> out.add(n.toJson()));
      return out;
    });
  }

  public Future<Void> markRead(String userId, Collection<Long> ids) {
    return store.markRead(userId, ids);
  }
}
