package org.nextim.openapi;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds a request that succeeded to what its operation documents: its path matches the template and each
 * path parameter its schema; every required query parameter and form field is there; every parameter
 * sent (query or form) is described and its value is one the schema accepts; a JSON body is what the
 * request body's schema accepts, and a required body is there. A query or form value is text: where a
 * schema wants a number or a boolean, the text is read as one (OpenAPI's form style).
 *
 * <p>Both services read a parameter from the query string or a form body alike, so a name described in
 * either place is described for both. A name is described only where the document names it: a form body
 * open to other names says so with an explicit {@code additionalProperties} schema (JSON Schema's
 * default, anything goes, would let every undescribed parameter through).
 */
final class RequestCheck {

  /** Validates {@code instance} (JSON text) against the schema at a JSON pointer of the document. */
  interface Validator {
    List<String> errors(String pointer, String instance);
  }

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final Pattern JSON_SCALAR = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|true|false");

  private final ApiDocument doc;
  private final Validator validator;

  RequestCheck(ApiDocument doc, Validator validator) {
    this.doc = doc;
    this.validator = validator;
  }

  /** A parameter the document describes, with the pointer of its schema. */
  private record Param(String name, String in, boolean required, String schemaPointer) {
  }

  /** What is wrong with {@code request} as a call of {@code op}; empty when nothing. */
  List<String> problems(ApiDocument.Operation op, ApiRequest request) {
    List<String> out = new ArrayList<>();
    if (doc.operation(op) == null) {
      return out;
    }
    Map<String, Param> params = params(op);
    checkPath(op, request, params, out);

    Map<String, String> query = request.queryParams();
    Map<String, String> form = request.formFields();
    JsonObject requestBody = requestBody(op);
    String formPointer = requestBody == null ? null : bodySchema(op, requestBody, FORM);
    JsonObject formSchema = formPointer == null ? null : doc.resolve(formPointer);
    JsonObject formProperties = formSchema == null ? new JsonObject() : formSchema.getJsonObject("properties", new JsonObject());

    for (Param p : params.values()) {
      if ("query".equals(p.in()) && p.required() && !present(query, p.name()) && !present(form, p.name())) {
        out.add("required query parameter " + p.name() + " not sent");
      }
    }
    Map<String, String> sent = new LinkedHashMap<>(query);
    form.forEach(sent::putIfAbsent);
    for (Map.Entry<String, String> e : sent.entrySet()) {
      String name = e.getKey();
      Param p = params.get("query:" + name);
      if (p != null) {
        checkValue("query parameter " + name, p.schemaPointer(), e.getValue(), out);
      } else if (formProperties.containsKey(name)) {
        checkValue("form field " + name, formPointer + "/properties/" + ApiDocument.escape(name), e.getValue(), out);
      } else if (formSchema != null && formSchema.getValue("additionalProperties") instanceof JsonObject) {
        checkValue("form field " + name, formPointer + "/additionalProperties", e.getValue(), out);
      } else {
        out.add("parameter " + name + " is not described");
      }
    }
    checkBody(op, request, requestBody, formSchema, form, out);
    return out;
  }

  private void checkBody(ApiDocument.Operation op, ApiRequest request, JsonObject requestBody, JsonObject formSchema,
                         Map<String, String> form, List<String> out) {
    if (requestBody == null) {
      return;
    }
    String type = request.mediaType();
    if (FORM.equals(type) || (!request.hasBody() && formSchema != null)) {
      if (formSchema == null) {
        out.add("a form body is not described (described: " + requestBody.getJsonObject("content").fieldNames() + ")");
        return;
      }
      for (Object required : formSchema.getJsonArray("required", new JsonArray())) {
        if (!present(form, (String) required) && !present(request.queryParams(), (String) required)) {
          out.add("required form field " + required + " not sent");
        }
      }
      return;
    }
    if (!request.hasBody()) {
      if (requestBody.getBoolean("required", false)) {
        out.add("the request body is required");
      }
      return;
    }
    String pointer = bodySchema(op, requestBody, type);
    if (pointer == null) {
      out.add("request content type '" + type + "' is not described (described: "
          + requestBody.getJsonObject("content", new JsonObject()).fieldNames() + ")");
      return;
    }
    for (String error : validator.errors(pointer, request.body())) {
      out.add("request body: " + error);
    }
  }

  /** The path matches the template; each path parameter's (decoded) value is what its schema accepts. */
  private void checkPath(ApiDocument.Operation op, ApiRequest request, Map<String, Param> params, List<String> out) {
    List<String> names = new ArrayList<>();
    Matcher template = Pattern.compile("\\{([^}/]+)}").matcher(op.path());
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (template.find()) {
      regex.append(Pattern.quote(op.path().substring(last, template.start()))).append("([^/]+)");
      names.add(template.group(1));
      last = template.end();
    }
    regex.append(Pattern.quote(op.path().substring(last)));
    Matcher m = Pattern.compile(regex.toString()).matcher(request.path());
    if (!m.matches()) {
      out.add("request path " + request.path() + " does not match " + op.path());
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      Param p = params.get("path:" + names.get(i));
      if (p == null) {
        out.add("path parameter " + names.get(i) + " is not described");
        continue;
      }
      String value;
      try {
        value = URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        out.add("path parameter " + p.name() + " is not percent-encoded text: " + m.group(i + 1));
        continue;
      }
      checkValue("path parameter " + p.name(), p.schemaPointer(), value, out);
    }
  }

  /** Text against a schema; where the text reads as a JSON number or boolean, that reading may pass instead. */
  private void checkValue(String what, String pointer, String value, List<String> out) {
    if (pointer == null) {
      return;
    }
    List<String> asText = validator.errors(pointer, Json.encode(value));
    if (asText.isEmpty() || (JSON_SCALAR.matcher(value).matches() && validator.errors(pointer, value).isEmpty())) {
      return;
    }
    asText.forEach(e -> out.add(what + " '" + abbreviate(value) + "': " + e));
  }

  private static String abbreviate(String value) {
    return value.length() > 60 ? value.substring(0, 60) + "…" : value;
  }

  private static boolean present(Map<String, String> values, String name) {
    String v = values.get(name);
    return v != null && !v.isEmpty();
  }

  /** The operation's and its path item's parameters, by {@code in:name} (the operation's win). */
  private Map<String, Param> params(ApiDocument.Operation op) {
    Map<String, Param> out = new LinkedHashMap<>();
    String itemPointer = "/paths/" + ApiDocument.escape(op.path());
    String opPointer = itemPointer + "/" + op.method().toLowerCase(Locale.ROOT);
    collect(doc.resolve(itemPointer).getJsonArray("parameters", new JsonArray()), itemPointer + "/parameters", out);
    collect(doc.resolve(opPointer).getJsonArray("parameters", new JsonArray()), opPointer + "/parameters", out);
    return out;
  }

  private void collect(JsonArray list, String pointer, Map<String, Param> out) {
    for (int i = 0; i < list.size(); i++) {
      String at = pointer + "/" + i;
      JsonObject p = list.getJsonObject(i);
      if (p.containsKey("$ref")) {
        at = p.getString("$ref").substring(1);
        p = doc.resolve(at);
      }
      String in = p.getString("in");
      String schema = p.containsKey("schema") ? at + "/schema" : null;
      out.put(in + ":" + p.getString("name"), new Param(p.getString("name"), in, p.getBoolean("required", false), schema));
    }
  }

  private JsonObject requestBody(ApiDocument.Operation op) {
    JsonObject body = doc.operation(op).getJsonObject("requestBody");
    if (body != null && body.containsKey("$ref")) {
      body = doc.resolve(body.getString("$ref").substring(1));
    }
    return body;
  }

  /** The pointer of the request body's schema for {@code type} (past one {@code $ref}), or null. */
  private String bodySchema(ApiDocument.Operation op, JsonObject requestBody, String type) {
    JsonObject content = requestBody.getJsonObject("content", new JsonObject());
    for (String documented : content.fieldNames()) {
      if (documented.toLowerCase(Locale.ROOT).equals(type) && content.getJsonObject(documented).containsKey("schema")) {
        JsonObject schema = content.getJsonObject(documented).getJsonObject("schema");
        if (schema.containsKey("$ref") && schema.size() == 1) {
          return schema.getString("$ref").substring(1);
        }
        Object ref = doc.operation(op).getValue("requestBody");
        String base = ref instanceof JsonObject o && o.containsKey("$ref") ? o.getString("$ref").substring(1)
            : "/paths/" + ApiDocument.escape(op.path()) + "/" + op.method().toLowerCase(Locale.ROOT) + "/requestBody";
        return base + "/content/" + ApiDocument.escape(documented) + "/schema";
      }
    }
    return null;
  }
}
