package org.nextim.router.core;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * One packet for the browser: a message, a presence or a typing status. Encoded to JSON once when it is
 * made; every page it is queued to shares the same bytes, so a fan-out to a thousand pages costs a
 * thousand references, not a thousand encodings.
 */
public final class Packet {

  /** The list of the poll reply a packet goes in. */
  public enum Kind { MESSAGE, PRESENCE, STATUS }

  private final Kind kind;
  private final byte[] json;

  private Packet(Kind kind, JsonObject object) {
    this(kind, object.encode().getBytes(StandardCharsets.UTF_8));
  }

  private Packet(Kind kind, byte[] json) {
    this.kind = kind;
    this.json = json;
  }

  /** A packet that travelled from another node as its kind and JSON bytes. */
  public static Packet of(Kind kind, byte[] json) {
    return new Packet(kind, json);
  }

  /** A message packet; {@code id} is left out when null. */
  public static Packet message(String id, String from, String nick, String to, long timestamp,
                               String type, String body, String style) {
    JsonObject o = new JsonObject();
    if (id != null) {
      o.put("id", id);
    }
    o.put("from", from).put("nick", nick).put("to", to).put("timestamp", timestamp)
        .put("type", type).put("body", body).put("style", style);
    return new Packet(Kind.MESSAGE, o);
  }

  /** A presence packet: type online, offline, show, join or leave. */
  public static Packet presence(String from, String nick, String type, String show, String status) {
    return new Packet(Kind.PRESENCE, new JsonObject()
        .put("from", from).put("nick", nick).put("type", type).put("show", show).put("status", status));
  }

  /** A status packet (typing notices). */
  public static Packet status(String from, String nick, String to, String show) {
    return new Packet(Kind.STATUS, new JsonObject()
        .put("from", from).put("nick", nick).put("to", to).put("show", show));
  }

  public Kind kind() {
    return kind;
  }

  /** The packet's JSON object, UTF-8; shared, never modify. */
  public byte[] json() {
    return json;
  }

  @Override
  public String toString() {
    return kind + new String(json, StandardCharsets.UTF_8);
  }
}
