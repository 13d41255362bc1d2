package org.nextim.gateway.store;

import io.vertx.core.json.JsonObject;

/** A notification the site posted for a user. */
public record Notification(long id, String text, String link, long time, boolean read) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("text", text).put("link", link == null ? "" : link)
        .put("time", time).put("read", read);
  }
}
