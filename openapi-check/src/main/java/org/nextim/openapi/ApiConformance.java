package org.nextim.openapi;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds real replies to an {@link ApiDocument}: a reply must have a status its operation documents,
 * one of that reply's content types, a body that its schema accepts (JSON Schema 2020-12 in the
 * OpenAPI 3.1 dialect, by networknt's validator) and the headers it marks required. A JSONP reply
 * ({@code application/javascript}) whose media type carries {@code x-jsonp-payload} is also unwrapped
 * and its payload checked against that schema. A successful (2xx) reply that carries its request also
 * has the request checked ({@link RequestCheck}): a call that worked must be one the document allows, so
 * a parameter it lacks, or calls required when it is not, fails. Remembers which (operation, status)
 * pairs were seen, so a test can fail for a documented reply that no test produced.
 */
public final class ApiConformance {

  /** {@code callback(payload);}, as the services write JSONP. */
  private static final Pattern JSONP = Pattern.compile("^[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*\\((.*)\\);?$",
      Pattern.DOTALL);
  /** Where the document is registered for {@code $ref} resolution; never fetched. */
  private static final String IRI = "urn:nextim:openapi:document";

  private final ApiDocument doc;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final RequestCheck requests;

  private ApiConformance(ApiDocument doc) {
    this.doc = doc;
    String text = doc.json().encode();
    this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(IRI, text)));
    this.requests = new RequestCheck(doc, (pointer, instance) -> {
      List<String> errors = new ArrayList<>();
      validate(pointer, instance, "value", errors);
      return errors;
    });
  }

  public static ApiConformance of(ApiDocument doc) {
    return new ApiConformance(doc);
  }

  public ApiDocument document() {
    return doc;
  }

  /**
   * Checks {@code reply} against what {@code method path} (a path template of the document) documents
   * for its status; throws an {@link AssertionError} naming every problem. Returns the reply.
   */
  public ApiReply check(String method, String path, ApiReply reply) {
    ApiDocument.Operation op = new ApiDocument.Operation(method, path);
    List<String> problems = problems(op, reply);
    if (!problems.isEmpty()) {
      throw new AssertionError(op + " answered " + reply + "\n  " + String.join("\n  ", problems));
    }
    seen.add(key(op, Integer.toString(reply.status())));
    return reply;
  }

  /** What is wrong with {@code reply} as an answer of {@code op}; empty when nothing. */
  public List<String> problems(ApiDocument.Operation op, ApiReply reply) {
    List<String> out = new ArrayList<>();
    if (doc.operation(op) == null) {
      out.add("the document has no operation " + op);
      return out;
    }
    ApiRequest request = reply.request();
    if (request != null && reply.status() / 100 == 2) {
      if (!request.method().equals(op.method())) {
        out.add("request: sent as " + request.method() + ", checked as " + op);
      }
      requests.problems(op, request).forEach(p -> out.add("request " + request + ": " + p));
    }
    String status = Integer.toString(reply.status());
    ApiDocument.Response response = doc.response(op, status);
    if (response == null) {
      out.add("status " + status + " is not documented for " + op + " (documented: " + doc.statuses(op) + ")");
      return out;
    }
    checkHeaders(response, reply, out);
    JsonObject content = response.node().getJsonObject("content");
    if (content == null || content.isEmpty()) {
      if (!reply.body().isEmpty()) {
        out.add("documented without a body, answered " + reply.body().length() + " characters");
      }
      return out;
    }
    String type = reply.mediaType();
    String key = null;
    for (String documented : content.fieldNames()) {
      if (documented.toLowerCase(Locale.ROOT).equals(type)) {
        key = documented;
      }
    }
    if (key == null) {
      out.add("content type '" + type + "' is not documented (documented: " + content.fieldNames() + ")");
      return out;
    }
    JsonObject media = content.getJsonObject(key);
    String mediaPointer = response.pointer() + "/content/" + ApiDocument.escape(key);
    boolean json = type.equals("application/json") || type.endsWith("+json");
    String instance = json ? reply.body() : Json.encode(reply.body());
    if (media.containsKey("schema")) {
      validate(mediaPointer + "/schema", instance, "body", out);
    }
    if (media.containsKey("x-jsonp-payload")) {
      Matcher m = JSONP.matcher(reply.body().trim());
      if (!m.matches()) {
        out.add("not a JSONP script callback(…): " + reply.body());
      } else {
        validate(mediaPointer + "/x-jsonp-payload", m.group(1), "JSONP payload", out);
      }
    }
    return out;
  }

  private void checkHeaders(ApiDocument.Response response, ApiReply reply, List<String> out) {
    JsonObject headers = response.node().getJsonObject("headers", new JsonObject());
    for (String name : headers.fieldNames()) {
      JsonObject header = headers.getJsonObject(name);
      String pointer = response.pointer() + "/headers/" + ApiDocument.escape(name);
      if (header.containsKey("$ref")) {
        pointer = header.getString("$ref").substring(1);
        header = doc.resolve(pointer);
      }
      var value = reply.header(name);
      if (value.isEmpty()) {
        if (header.getBoolean("required", false)) {
          out.add("required header " + name + " missing");
        }
        continue;
      }
      Object schema = header.getValue("schema");
      if (schema instanceof JsonObject s) {
        String t = s.getString("type");
        String instance = "integer".equals(t) || "number".equals(t) ? value.get() : Json.encode(value.get());
        validate(pointer + "/schema", instance,
            "header " + name, out);
      }
    }
  }

  private void validate(String pointer, String instance, String what, List<String> out) {
    Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(
        SchemaLocation.of(IRI + "#" + p.replace("{", "%7B").replace("}", "%7D"))));
    List<Error> errors;
    try {
      errors = schema.validate(instance, InputFormat.JSON);
    } catch (RuntimeException e) {
      out.add(what + " is not JSON: " + e.getMessage());
      return;
    }
    for (Error e : errors) {
      out.add(what + ": " + e);
    }
  }

  /** Every documented (operation, status) that no checked reply had, as {@code "GET /x 404"}. */
  public List<String> unexercised() {
    List<String> out = new ArrayList<>();
    for (ApiDocument.Operation op : doc.operations()) {
      for (String status : doc.statuses(op)) {
        if (!seen.contains(key(op, status))) {
          out.add(key(op, status));
        }
      }
    }
    return out;
  }

  /**
   * The paths a service serves that the document does not describe. Path parameters may be written
   * {@code :id} (Vert.x Web) or {@code {id}}; they match any template parameter at that place.
   */
  public Set<String> undocumented(Collection<String> served) {
    Set<String> documented = new LinkedHashSet<>();
    doc.paths().forEach(p -> documented.add(shape(p)));
    Set<String> out = new TreeSet<>();
    for (String path : served) {
      if (!documented.contains(shape(path))) {
        out.add(path);
      }
    }
    return out;
  }

  /** Every operation of the document that no checked reply answered at all, as {@code "GET /x"}. */
  public List<String> uncalledOperations() {
    List<String> out = new ArrayList<>();
    for (ApiDocument.Operation op : doc.operations()) {
      if (doc.statuses(op).stream().noneMatch(status -> seen.contains(key(op, status)))) {
        out.add(op.toString());
      }
    }
    return out;
  }

  /**
   * Fails naming each operation no test called and each documented (operation, status) that no checked
   * reply had.
   */
  public void assertEveryReplyProduced() {
    List<String> missing = unexercised();
    if (!missing.isEmpty()) {
      List<String> uncalled = uncalledOperations();
      throw new AssertionError((uncalled.isEmpty() ? "" : uncalled.size() + " operations no test called: " + uncalled + "; ")
          + missing.size() + " documented replies no test produced: " + missing);
    }
  }

  /** Fails unless the document describes exactly the paths {@code served} (in either parameter style). */
  public void assertDescribesExactly(Collection<String> served) {
    Set<String> servedShapes = new TreeSet<>();
    served.forEach(p -> servedShapes.add(shape(p)));
    Set<String> notServed = new TreeSet<>();
    for (String path : doc.paths()) {
      if (!servedShapes.contains(shape(path))) {
        notServed.add(path);
      }
    }
    Set<String> undocumented = undocumented(served);
    if (!undocumented.isEmpty() || !notServed.isEmpty()) {
      throw new AssertionError("served but not documented: " + undocumented + "; documented but not served: " + notServed);
    }
  }

  private static String shape(String path) {
    return path.replaceAll("\\{[^}/]+}", "{}").replaceAll(":[^/]+", "{}");
  }

  private static String key(ApiDocument.Operation op, String status) {
    return op + " " + status;
  }
}
