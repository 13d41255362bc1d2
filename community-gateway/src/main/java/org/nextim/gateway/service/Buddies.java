package org.nextim.gateway.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import org.nextim.gateway.router.Presence;
import org.nextim.gateway.router.RouterClient;
import org.nextim.gateway.store.Buddy;
import org.nextim.gateway.store.Store;
import org.nextim.gateway.store.User;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A user's buddies (and other users asked for by id, as strangers) with their presence at the router. */
public final class Buddies {

  private final Store store;
  private final RouterClient router;

  public Buddies(Store store, RouterClient router) {
    this.store = store;
    this.router = router;
  }

  /** Presences of the online ones among {@code ids}, by name (one router call). */
  Future<Map<String, Presence>> presences(Collection<String> ids) {
    return router.onlines(ids).map(list -> {
      Map<String, Presence> out = new HashMap<>();
      list.forEach(p -> out.put(p.name(), p));
      return out;
    });
  }

  /** buddyInfo of {@code ids} (all buddies when empty); unknown users are left out. */
  public Future<JsonArray> list(String userId, List<String> ids) {
    return store.buddies(userId).compose(list -> {
      Map<String, Buddy> mine = new LinkedHashMap<>();
      list.forEach(b -> mine.put(b.user().id(), b));
      List<String> wanted = ids.isEmpty() ? new ArrayList<>(mine.keySet()) : ids;
      List<String> unknown = wanted.stream().filter(id -> !mine.containsKey(id)).toList();
      Future<List<User>> others = store.users(unknown);
      Future<Map<String, Presence>> presence = presences(wanted);
      return Future.all(others, presence).map(x -> {
        Map<String, User> users = new HashMap<>();
        others.result().forEach(u -> users.put(u.id(), u));
        JsonArray out = new JsonArray();
        for (String id : wanted) {
          Buddy b = mine.get(id);
          if (b != null) {
            out.add(Views.buddyInfo(b.user(), b.group(), presence.result().get(id)));
          } else if (users.containsKey(id)) {
            out.add(Views.buddyInfo(users.get(id), "stranger", presence.result().get(id)));
          }
        }
        return out;
      });
    });
  }
}
