package org.nextim.gateway.store;

import io.vertx.core.json.JsonObject;

/** A site user as the gateway stores it. {@code picUrl} and {@code url} may be null. */
public record User(String id, String nick, String picUrl, String url, boolean admin) {

  public User {
    if (nick == null || nick.isBlank()) {
      nick = id;
    }
  }

  /** The spec's userInfo, without presence. */
  public JsonObject toInfo() {
    JsonObject json = new JsonObject().put("id", id).put("nick", nick);
    if (url != null) {
      json.put("url", url);
    }
    if (picUrl != null) {
      json.put("pic_url", picUrl);
    }
    return json;
  }
}
