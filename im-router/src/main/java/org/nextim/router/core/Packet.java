package org.nextim.router.core;

import java.nio.charset.StandardCharsets;

/**
 * One packet for the browser: a message, a presence or a typing status. Encoded to JSON once when it is
 * made ({@link JsonBytes}); every page it is queued to shares the same bytes, so a fan-out to a thousand
 * pages costs a thousand references, not a thousand encodings.
 */
public final class Packet {

  /** The list of the poll reply a packet goes in. */
  public enum Kind { MESSAGE, PRESENCE, STATUS }

  private static final Kind[] KINDS = Kind.values();

  private final Kind kind;
  private final String source;
  private final byte[] json;

  private Packet(Kind kind, String source, byte[] json) {
    this.kind = kind;
    this.source = source;
    this.json = json;
  }

  /** The kind of ordinal {@code ordinal} (how a kind travels between nodes), without a copy of the values. */
  public static Kind kind(int ordinal) {
    return KINDS[ordinal];
  }

  /** A packet that travelled from another node as its kind, source user and JSON bytes. */
  public static Packet of(Kind kind, String source, byte[] json) {
    return new Packet(kind, source, json);
  }

  /** A message packet; {@code id} is left out when null. */
  public static Packet message(String id, String from, String nick, String to, long timestamp,
                               String type, String body, String style) {
    JsonBytes o = new JsonBytes();
    if (id != null) {
      o.put("id", id);
    }
    o.put("from", from).put("nick", nick).put("to", to).put("timestamp", timestamp)
        .put("type", type).put("body", body).put("style", style);
    return new Packet(Kind.MESSAGE, from, o.toBytes());
  }

  /** A presence packet: type online, offline, show, join or leave. */
  public static Packet presence(String from, String nick, String type, String show, String status) {
    return new Packet(Kind.PRESENCE, from, new JsonBytes()
        .put("from", from).put("nick", nick).put("type", type).put("show", show).put("status", status).toBytes());
  }

  /** A status packet: typing notices, and receipts with the {@code id} of their message (else null: left out). */
  public static Packet status(String from, String nick, String to, String show, String id) {
    JsonBytes o = new JsonBytes().put("from", from).put("nick", nick).put("to", to).put("show", show);
    if (id != null) {
      o.put("id", id);
    }
    return new Packet(Kind.STATUS, from, o.toBytes());
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The user the packet is from. A cluster carries everything that comes from one user (its presence
   * changes and its packets) in one ordered lane, so a packet never overtakes the presence it follows.
   */
  public String source() {
    return source;
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
