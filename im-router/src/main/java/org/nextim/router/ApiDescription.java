package org.nextim.router;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The router's OpenAPI 3.1 document as {@code GET /openapi.json} serves it: the resource
 * {@value #ROUTER} and, when the jar has it, the admin API's {@value #ADMIN} (an object
 * {@code {"paths": {...}, "components": {"schemas": {...}, "securitySchemes": {...}}}}) merged in. Built
 * once, at start.
 */
public final class ApiDescription {

  public static final String ROUTER = "openapi/router.json";
  public static final String ADMIN = "openapi/admin-paths.json";

  private final JsonObject document;
  private final Buffer encoded;

  private ApiDescription(JsonObject document) {
    this.document = document;
    this.encoded = Buffer.buffer(document.encode());
  }

  /** The router's document with the admin part merged when it is on the class path. */
  public static ApiDescription load() {
    return load(ROUTER, ADMIN);
  }

  /** {@code base}, with {@code extra} merged into it when that resource exists. */
  public static ApiDescription load(String base, String extra) {
    JsonObject doc = read(base);
    if (doc == null) {
      throw new IllegalStateException("the jar lacks " + base);
    }
    JsonObject more = read(extra);
    if (more != null) {
      merge(doc, more, extra);
    }
    return new ApiDescription(doc);
  }

  private static void merge(JsonObject doc, JsonObject more, String source) {
    JsonObject paths = doc.getJsonObject("paths");
    more.getJsonObject("paths", new JsonObject()).forEach(e -> {
      if (paths.containsKey(e.getKey())) {
        throw new IllegalStateException(source + " describes " + e.getKey() + " again");
      }
      paths.put(e.getKey(), e.getValue());
    });
    JsonObject components = doc.getJsonObject("components");
    JsonObject extraComponents = more.getJsonObject("components", new JsonObject());
    for (String kind : new String[] {"schemas", "securitySchemes"}) {
      JsonObject into = components.getJsonObject(kind);
      if (into == null) {
        into = new JsonObject();
        components.put(kind, into);
      }
      JsonObject target = into;
      extraComponents.getJsonObject(kind, new JsonObject()).forEach(e -> {
        // A schema of the same name must be the same schema; a security scheme (the admin token's,
        // which router.json names in advance) is the admin part's to define.
        if ("schemas".equals(kind) && target.containsKey(e.getKey()) && !target.getValue(e.getKey()).equals(e.getValue())) {
          throw new IllegalStateException(source + " redefines " + kind + "." + e.getKey());
        }
        target.put(e.getKey(), e.getValue());
      });
    }
  }

  private static JsonObject read(String resource) {
    try (InputStream in = ApiDescription.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }

  /** A copy of the document. */
  public JsonObject document() {
    return document.copy();
  }

  /** The document as served; a fresh slice each call (a written buffer is not shared). */
  public Buffer body() {
    return encoded.slice();
  }
}
