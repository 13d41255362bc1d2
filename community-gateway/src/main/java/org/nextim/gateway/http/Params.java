package org.nextim.gateway.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.nextim.gateway.ApiError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A browser call's parameters: the query string, then a form body or a JSON object body (body values
 * win). JSON numbers and booleans read as their text, JSON arrays as comma lists. Every accessor that
 * rejects a value throws a 400 {@link ApiError} naming the parameter.
 */
public final class Params {

  private final Map<String, String> values = new LinkedHashMap<>();

  private Params() {
  }

  public static Params of(RoutingContext ctx) {
    Params p = new Params();
    MultiMap all = ctx.request().params(); // query string + form attributes (BodyHandler merges them)
    for (String name : all.names()) {
      p.values.put(name, all.get(name));
    }
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase().startsWith("application/json") && ctx.body() != null
        && ctx.body().length() > 0) {
      JsonObject json;
      try {
        Object parsed = ctx.body().buffer().toJsonValue();
        if (!(parsed instanceof JsonObject)) {
          throw ApiError.invalid("body", "a JSON body must be an object");
        }
        json = (JsonObject) parsed;
      } catch (DecodeException e) {
        throw ApiError.invalid("body", "not JSON");
      }
      json.forEach(e -> {
        Object v = e.getValue();
        if (v == null) {
          return;
        }
        if (v instanceof JsonArray a) {
          List<String> parts = new ArrayList<>();
          a.forEach(x -> parts.add(String.valueOf(x)));
          p.values.put(e.getKey(), String.join(",", parts));
        } else if (v instanceof JsonObject o) {
          p.values.put(e.getKey(), o.encode());
        } else {
          p.values.put(e.getKey(), String.valueOf(v));
        }
      });
    }
    return p;
  }

  /** For tests and internal callers. */
  public static Params of(Map<String, String> values) {
    Params p = new Params();
    p.values.putAll(values);
    return p;
  }

  public Set<String> names() {
    return values.keySet();
  }

  /** The value, or null when absent or empty. */
  public String optional(String name) {
    String v = values.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  public String optional(String name, int maxLength) {
    String v = optional(name);
    if (v != null && v.length() > maxLength) {
      throw ApiError.invalid(name, "longer than " + maxLength + " characters");
    }
    return v;
  }

  public String required(String name) {
    String v = optional(name);
    if (v == null) {
      throw ApiError.missing(name);
    }
    return v;
  }

  public String required(String name, int maxLength) {
    String v = required(name);
    if (v.length() > maxLength) {
      throw ApiError.invalid(name, "longer than " + maxLength + " characters");
    }
    return v;
  }

  /** A required user, room or message id. */
  public String id(String name) {
    String v = required(name);
    if (!Ids.valid(v)) {
      throw ApiError.invalid(name, "an id is 1 to 64 of A-Z a-z 0-9 _ . @ -");
    }
    return v;
  }

  /** A comma list of ids (empty when absent), without duplicates, in the order given. */
  public List<String> ids(String name) {
    String v = optional(name);
    Set<String> out = new LinkedHashSet<>();
    if (v != null) {
      for (String part : v.split(",")) {
        String id = part.trim();
        if (id.isEmpty()) {
          continue;
        }
        if (!Ids.valid(id)) {
          throw ApiError.invalid(name, "'" + (id.length() > 70 ? id.substring(0, 70) + "…" : id) + "' is not an id");
        }
        out.add(id);
      }
    }
    if (out.size() > 500) {
      throw ApiError.invalid(name, "at most 500 ids");
    }
    return new ArrayList<>(out);
  }

  /** One of {@code allowed}, or {@code dflt} when absent. */
  public String oneOf(String name, String dflt, String... allowed) {
    String v = optional(name);
    if (v == null) {
      return dflt;
    }
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw ApiError.invalid(name, "expected one of " + String.join(", ", allowed));
  }

  /** "1" or "true" (any case) is true. */
  public boolean flag(String name) {
    String v = optional(name);
    return v != null && ("1".equals(v) || "true".equalsIgnoreCase(v));
  }
}
