package org.nextim.gateway.store;

import io.vertx.core.json.JsonObject;

/**
 * One stored message: the spec's logItem. {@code to} is the buddy or room id ("" for a broadcast);
 * {@code timestamp} is the gateway's clock in ms; {@code clientId} is the id the sender's widget gave the
 * message (null from old clients), unique per sender: a message sent again with it is the same message.
 */
public record LogItem(String id, String type, String from, String nick, String to, String body, String style,
                      long timestamp, String clientId) {

  public static final String UNICAST = "unicast";
  public static final String MULTICAST = "multicast";
  public static final String BROADCAST = "broadcast";

  /** A message without a client id (old clients, the site's own messages). */
  public LogItem(String id, String type, String from, String nick, String to, String body, String style,
                 long timestamp) {
    this(id, type, from, nick, to, body, style, timestamp, null);
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject()
        .put("id", id)
        .put("type", type)
        .put("from", from)
        .put("nick", nick)
        .put("to", to)
        .put("body", body)
        .put("style", style)
        .put("timestamp", timestamp);
    if (clientId != null) {
      o.put("client_id", clientId);
    }
    return o;
  }
}
