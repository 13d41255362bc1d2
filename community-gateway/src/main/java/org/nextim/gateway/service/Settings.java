package org.nextim.gateway.service;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The settings document: defaults, what a stored one looks like to the widget, and key parsing. */
public final class Settings {

  /** Parameters of a settings call that are not settings. */
  public static final Set<String> RESERVED = Set.of("ticket", "callback", "webim_action", "data", "_", "domain", "csrf_token");

  private Settings() {
  }

  public static JsonObject defaults() {
    return new JsonObject()
        .put("blocked_rooms", new JsonArray())
        .put("play_sound", true)
        .put("buddy_sticky", true)
        .put("minimize_layout", true)
        .put("msg_auto_pop", true);
  }

  /** Defaults overlaid with the stored document. */
  public static JsonObject withDefaults(JsonObject stored) {
    JsonObject out = defaults();
    if (stored != null) {
      out.mergeIn(stored);
    }
    return out;
  }

  /** A single-key value as sent in a form: JSON when it parses as JSON (true, 3, [..]), else the text. */
  public static Object value(String raw) {
    String t = raw.trim();
    if (t.equals("true") || t.equals("false")) {
      return Boolean.valueOf(t);
    }
    if (t.startsWith("[") || t.startsWith("{") || t.matches("-?\\d{1,15}(\\.\\d+)?")) {
      try {
        return new JsonObject("{\"v\":" + t + "}").getValue("v");
      } catch (DecodeException e) {
        return raw;
      }
    }
    return raw;
  }

  public static List<String> blockedRooms(JsonObject settings) {
    List<String> out = new ArrayList<>();
    Object v = settings.getValue("blocked_rooms");
    if (v instanceof JsonArray a) {
      a.forEach(x -> {
        if (x instanceof String s) {
          out.add(s);
        }
      });
    }
    return out;
  }

  public static JsonObject withBlocked(JsonObject stored, String room, boolean blocked) {
    JsonObject doc = stored == null ? new JsonObject() : stored;
    List<String> rooms = blockedRooms(withDefaults(doc));
    rooms.remove(room);
    if (blocked) {
      rooms.add(room);
    }
    return doc.put("blocked_rooms", new JsonArray(new ArrayList<Object>(rooms)));
  }
}
