package org.nextim.bench;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One answer to {@code GET /packets}: the cursor to poll with next, and the messages it carried (only
 * what the bench checks). Presences and statuses are counted, not kept.
 */
public record PollReply(String status, long cursor, List<MessagePacket> messages, int presences,
                        int statuses, boolean overflow, List<PresencePacket> presenceList) {

  public PollReply(String status, long cursor, List<MessagePacket> messages, int presences, int statuses,
                   boolean overflow) {
    this(status, cursor, messages, presences, statuses, overflow, List.of());
  }

  /** A presence packet: who, and online/offline/show/join/leave. */
  public record PresencePacket(String from, String type) {
  }

  /** A message packet; {@code id} is {@link #NO_ID} when absent or not one of the bench's numeric ids. */
  public record MessagePacket(long id, String from, String to) {
    public static final long NO_ID = -1;
  }

  public boolean isOk() {
    return "ok".equals(status);
  }

  public boolean isEmpty() {
    return messages.isEmpty() && presences == 0 && statuses == 0;
  }

  /**
   * Parses a JSONP body {@code callback({...});} (trailing {@code ;} optional) or, when
   * {@code callback} is null, bare JSON.
   *
   * @throws IllegalArgumentException when the body is not what the protocol promises: the caller counts
   *     it as a protocol violation rather than crashing the poll loop
   */
  public static PollReply parse(String body, String callback) {
    JsonObject json;
    try {
      json = new JsonObject(unwrap(body, callback));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("reply is not valid JSON: " + abbreviate(body), e);
    }
    Object cursorValue = json.getValue("cursor");
    long cursor;
    if (cursorValue instanceof Number n) {
      cursor = n.longValue();
    } else if (cursorValue instanceof String s) {
      cursor = parseLongOr(s, Long.MIN_VALUE);
      if (cursor == Long.MIN_VALUE) {
        throw new IllegalArgumentException("cursor is not a number: " + s);
      }
    } else {
      throw new IllegalArgumentException("reply has no cursor");
    }
    JsonArray msgs = json.getJsonArray("messages", new JsonArray());
    List<MessagePacket> messages = new ArrayList<>(msgs.size());
    for (int i = 0; i < msgs.size(); i++) {
      JsonObject m = msgs.getJsonObject(i);
      messages.add(new MessagePacket(idOf(m.getValue("id")), m.getString("from"), m.getString("to")));
    }
    JsonArray pres = json.getJsonArray("presences", new JsonArray());
    List<PresencePacket> presences = pres.isEmpty() ? List.of() : new ArrayList<>(pres.size());
    for (int i = 0; i < pres.size(); i++) {
      JsonObject p = pres.getJsonObject(i);
      presences.add(new PresencePacket(p.getString("from"), p.getString("type")));
    }
    return new PollReply(
        json.getString("status"),
        cursor,
        messages,
        pres.size(),
        json.getJsonArray("statuses", new JsonArray()).size(),
        json.getBoolean("overflow", false),
        presences);
  }

  static String unwrap(String body, String callback) {
    String text = body.strip();
    if (callback == null) {
      return requireObject(text, body);
    }
    if (!text.startsWith(callback + "(")) {
      throw new IllegalArgumentException("reply does not start with " + callback + "(: " + abbreviate(body));
    }
    if (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).stripTrailing();
    }
    if (!text.endsWith(")")) {
      throw new IllegalArgumentException("reply does not end with ')' or ');': " + abbreviate(body));
    }
    return requireObject(text.substring(callback.length() + 1, text.length() - 1).strip(), body);
  }

  private static String requireObject(String inner, String body) {
    if (!inner.startsWith("{")) {
      throw new IllegalArgumentException("reply is not a JSON object: " + abbreviate(body));
    }
    return inner;
  }

  private static long idOf(Object v) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      return parseLongOr(s, MessagePacket.NO_ID);
    }
    return MessagePacket.NO_ID;
  }

  private static long parseLongOr(String s, long dflt) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
