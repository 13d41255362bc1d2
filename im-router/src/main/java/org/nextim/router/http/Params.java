package org.nextim.router.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.nextim.router.core.RouterError;
import org.nextim.router.core.Show;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's parameters, from the query string and the body (form or JSON; the body wins; the caller
 * passes no body for a GET or HEAD), with the protocol's validation rules. Unknown parameters are simply never asked for.
 */
final class Params {

  private static final int MAX_PARAMS = 256;
  private static final int MAX_NAME = 128;

  private final Map<String, String> values;

  private Params(Map<String, String> values) {
    this.values = values;
  }

  /** Parameters that already travelled (a call forwarded from another node). */
  static Params of(Map<String, String> values) {
    return new Params(new HashMap<>(values));
  }

  /** The parameters as they arrived, to forward to another node. */
  Map<String, String> asMap() {
    return values;
  }

  static Params parse(String uri, String contentType, Buffer body) {
    Map<String, String> values = new HashMap<>();
    int q = uri.indexOf('?');
    if (q >= 0 && q < uri.length() - 1) {
      decodeForm(uri.substring(q + 1), values, "query string");
    }
    if (body != null && body.length() > 0) {
      if (contentType != null && contentType.regionMatches(true, 0, "application/json", 0, 16)) {
        decodeJson(body, values);
      } else {
        decodeForm(body.toString(StandardCharsets.UTF_8), values, "request body");
      }
    }
    return new Params(values);
  }

  private static void decodeForm(String form, Map<String, String> into, String where) {
    try {
      FormDecoder.decode(form, MAX_PARAMS, into);
    } catch (IllegalArgumentException e) {
      throw RouterError.invalid(where, "malformed form encoding");
    }
  }

  private static void decodeJson(Buffer body, Map<String, String> into) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw RouterError.invalid("request body", "not a JSON object");
    }
    for (Map.Entry<String, Object> e : json) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      if (v instanceof JsonArray a) {
        List<String> items = new ArrayList<>(a.size());
        for (Object item : a) {
          items.add(String.valueOf(item));
        }
        into.put(e.getKey(), String.join(",", items));
      } else if (v instanceof JsonObject) {
        throw RouterError.invalid(e.getKey(), "an object is not allowed here");
      } else {
        into.put(e.getKey(), v.toString());
      }
    }
  }

  /** The value, or null when absent or empty. */
  String optional(String name) {
    String v = values.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  String optional(String name, String dflt) {
    String v = optional(name);
    return v == null ? dflt : v;
  }

  String required(String name) {
    String v = optional(name);
    if (v == null) {
      throw RouterError.missing(name);
    }
    return v;
  }

  /** A user or room id: required, 1–128 characters, no comma, whitespace or control character. */
  String name(String param) {
    return checkName(param, required(param));
  }

  /** A comma-separated list of names; empty items are skipped; absent means empty. */
  List<String> names(String param) {
    String v = optional(param);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start <= v.length()) {
      int comma = v.indexOf(',', start);
      int end = comma < 0 ? v.length() : comma;
      String item = v.substring(start, end).trim();
      if (!item.isEmpty()) {
        out.add(checkName(param, item));
      }
      start = end + 1;
    }
    return out;
  }

  /** {@code show}: one of the protocol's values. */
  String show(boolean required, String dflt) {
    String v = required ? required("show") : optional("show", dflt);
    if (!Show.valid(v)) {
      throw RouterError.invalid("show", "one of available, away, chat, dnd, busy, invisible");
    }
    return v;
  }

  boolean flag(String name) {
    String v = optional(name);
    return "1".equals(v) || "true".equalsIgnoreCase(v);
  }

  /** A non-negative integer, or -1 when absent. */
  long cursor() {
    String v = optional("cursor");
    if (v == null) {
      return -1;
    }
    try {
      long c = Long.parseLong(v);
      if (c >= 0) {
        return c;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the error
    }
    throw RouterError.invalid("cursor", "a non-negative integer");
  }

  /** Milliseconds since the epoch, or {@code dflt} when absent. */
  long timestamp(long dflt) {
    String v = optional("timestamp");
    if (v == null) {
      return dflt;
    }
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && d < 1e15) {
        return (long) d;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the error
    }
    throw RouterError.invalid("timestamp", "milliseconds since 1970 as a number");
  }

  private static String checkName(String param, String v) {
    if (v.length() > MAX_NAME) {
      throw RouterError.invalid(param, "longer than " + MAX_NAME + " characters");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ',' || Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw RouterError.invalid(param, "no comma, whitespace or control character allowed");
      }
    }
    return v;
  }
}
