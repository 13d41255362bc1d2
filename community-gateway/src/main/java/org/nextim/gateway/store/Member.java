package org.nextim.gateway.store;

import io.vertx.core.json.JsonObject;

/** A room member: id and nick. */
public record Member(String id, String nick) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("nick", nick);
  }
}
