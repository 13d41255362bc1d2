package org.nextim.router.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A reply to {@code GET /packets}, with the packet lists taken apart. JSONP replies are unwrapped. */
public final class PollReply {

  private final Reply http;
  private final JsonObject json;
  /** When the poll was sent and answered (System.nanoTime), for timing assertions. */
  private final long sentNanos;
  private final long answeredNanos;

  PollReply(Reply http, String callback, long sentNanos, long answeredNanos) {
    this.http = http;
    this.sentNanos = sentNanos;
    this.answeredNanos = answeredNanos;
    if (http.status() == 200) {
      this.json = new JsonObject(callback == null ? http.body() : unwrapJsonp(http.body(), callback));
    } else {
      this.json = null;
    }
  }

  /** The object inside {@code callback(...)} with an optional trailing {@code ;}. */
  public static String unwrapJsonp(String body, String callback) {
    String b = body.strip();
    if (!b.startsWith(callback + "(")) {
      throw new AssertionError("JSONP body does not start with '" + callback + "(': " + body);
    }
    if (b.endsWith(";")) {
      b = b.substring(0, b.length() - 1);
    }
    if (!b.endsWith(")")) {
      throw new AssertionError("JSONP body does not end with ')' or ');': " + body);
    }
    return b.substring(callback.length() + 1, b.length() - 1);
  }

  public Reply http() { return http; }
  public int httpStatus() { return http.status(); }

  public JsonObject json() {
    if (json == null) {
      throw new AssertionError("poll was not answered 200: " + http);
    }
    return json;
  }

  /** The {@code status} field of the reply object. */
  public String status() { return String.valueOf(json().getValue("status")); }

  public long cursor() {
    Object c = json().getValue("cursor");
    if (!(c instanceof Number n)) {
      throw new AssertionError("cursor is not a number in " + http);
    }
    return n.longValue();
  }

  public boolean overflow() { return Boolean.TRUE.equals(json().getValue("overflow")); }

  public List<JsonObject> messages() { return list("messages"); }
  public List<JsonObject> presences() { return list("presences"); }
  public List<JsonObject> statuses() { return list("statuses"); }

  public boolean isEmpty() {
    return messages().isEmpty() && presences().isEmpty() && statuses().isEmpty();
  }

  public List<String> bodies() {
    return messages().stream().map(m -> m.getString("body")).collect(Collectors.toList());
  }

  /** Milliseconds between sending the poll and receiving its reply. */
  public long heldMs() { return (answeredNanos - sentNanos) / 1_000_000; }

  public long answeredNanos() { return answeredNanos; }

  private List<JsonObject> list(String key) {
    Object v = json().getValue(key);
    if (!(v instanceof JsonArray arr)) {
      throw new AssertionError("'" + key + "' is not a list in " + http);
    }
    List<JsonObject> out = new ArrayList<>();
    for (Object o : arr) {
      if (!(o instanceof JsonObject obj)) {
        throw new AssertionError("'" + key + "' holds a non-object in " + http);
      }
      out.add(obj);
    }
    return out;
  }

  @Override
  public String toString() {
    return http.toString();
  }
}
