package org.nextim.gateway.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.nextim.gateway.store.Store;

/** A user's settings document: read with defaults, replaced, merged, and the blocked rooms in it. */
public final class Preferences {

  private final Store store;

  public Preferences(Store store) {
    this.store = store;
  }

  /** The stored document over the defaults. */
  public Future<JsonObject> read(String userId) {
    return store.settings(userId).map(Settings::withDefaults);
  }

  public Future<Void> replace(String userId, JsonObject doc) {
    return store.updateSettings(userId, old -> doc).mapEmpty();
  }

  public Future<Void> merge(String userId, JsonObject patch) {
    return store.updateSettings(userId, old -> (old == null ? new JsonObject() : old).mergeIn(patch)).mapEmpty();
  }

  /** Adds the room to, or removes it from, {@code blocked_rooms}. */
  public Future<Void> block(String userId, String room, boolean blocked) {
    return store.updateSettings(userId, doc -> Settings.withBlocked(doc, room, blocked)).mapEmpty();
  }
}
