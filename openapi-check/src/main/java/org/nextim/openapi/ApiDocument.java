package org.nextim.openapi;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An OpenAPI 3.1 document, read for its operations and the replies each one documents. Local
 * {@code $ref}s to reusable responses ({@code #/components/responses/...}) are followed.
 */
public final class ApiDocument {

  /** The HTTP methods an OpenAPI path item may hold, in the order documents list them. */
  static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** One operation: an HTTP method (upper case) and a path template as the document writes it. */
  public record Operation(String method, String path) {
    public Operation {
      method = method.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** A reply the document describes, and the JSON pointer of where it is written (after a {@code $ref}). */
  public record Response(String pointer, JsonObject node) {
  }

  private final JsonObject doc;

  private ApiDocument(JsonObject doc) {
    if (!String.valueOf(doc.getString("openapi")).startsWith("3.1")) {
      throw new IllegalArgumentException("not an OpenAPI 3.1 document: openapi=" + doc.getString("openapi"));
    }
    this.doc = doc;
  }

  public static ApiDocument of(JsonObject doc) {
    return new ApiDocument(doc);
  }

  /** A document on the class path, e.g. {@code openapi/router.json}. */
  public static ApiDocument fromResource(String resource) {
    try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource + " on the class path");
      }
      return of(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonObject json() {
    return doc;
  }

  public String title() {
    return doc.getJsonObject("info", new JsonObject()).getString("title", "API");
  }

  public Set<String> paths() {
    return doc.getJsonObject("paths", new JsonObject()).fieldNames();
  }

  public List<Operation> operations() {
    List<Operation> out = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHODS) {
        if (item.containsKey(method)) {
          out.add(new Operation(method, path));
        }
      }
    }
    return out;
  }

  /** The operation object, or null when the document has no such operation. */
  public JsonObject operation(Operation op) {
    JsonObject item = doc.getJsonObject("paths", new JsonObject()).getJsonObject(op.path());
    return item == null ? null : item.getJsonObject(op.method().toLowerCase(Locale.ROOT));
  }

  /** The statuses an operation documents ("200", "404", …), in document order. */
  public List<String> statuses(Operation op) {
    JsonObject o = operation(op);
    return o == null ? List.of() : new ArrayList<>(o.getJsonObject("responses", new JsonObject()).fieldNames());
  }

  /** The reply documented for {@code status}, or null. */
  public Response response(Operation op, String status) {
    JsonObject o = operation(op);
    if (o == null || !o.getJsonObject("responses", new JsonObject()).containsKey(status)) {
      return null;
    }
    String pointer = "/paths/" + escape(op.path()) + "/" + op.method().toLowerCase(Locale.ROOT) + "/responses/" + status;
    JsonObject node = o.getJsonObject("responses").getJsonObject(status);
    for (int hops = 0; node.containsKey("$ref"); hops++) {
      String ref = node.getString("$ref");
      if (!ref.startsWith("#/") || hops > 8) {
        throw new IllegalArgumentException(op + " " + status + ": only local $refs are followed: " + ref);
      }
      pointer = ref.substring(1);
      node = resolve(pointer);
    }
    return new Response(pointer, node);
  }

  /** The object at a JSON pointer ({@code /components/schemas/Error}); fails when there is none. */
  public JsonObject resolve(String pointer) {
    Object at = doc;
    for (String part : pointer.substring(1).split("/")) {
      String key = part.replace("~1", "/").replace("~0", "~");
      if (!(at instanceof JsonObject o) || !o.containsKey(key)) {
        throw new IllegalArgumentException("nothing at " + pointer + " in " + title());
      }
      at = o.getValue(key);
    }
    if (!(at instanceof JsonObject o)) {
      throw new IllegalArgumentException(pointer + " is not an object in " + title());
    }
    return o;
  }

  /** A JSON pointer's token for {@code key}. */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
