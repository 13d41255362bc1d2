package org.nextim.gateway.store;

import io.vertx.core.json.JsonObject;

/**
 * One stored message: the spec's logItem. {@code to} is the buddy or room id ("" for a broadcast);
 * {@code timestamp} is the gateway's clock in ms.
 */
public record LogItem(String id, String type, String from, String nick, String to, String body, String style,
                      long timestamp) {

  public static final String UNICAST = "unicast";
  public static final String MULTICAST = "multicast";
  public static final String BROADCAST = "broadcast";

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("type", type)
        .put("from", from)
        .put("nick", nick)
        .put("to", to)
        .put("body", body)
        .put("style", style)
        .put("timestamp", timestamp);
  }
}
