package org.nextim.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * An {@link ApiDocument} as a Markdown page: each operation with its parameters and replies, then
 * the schemas. A test renders the service's document and compares it with the committed page, so
 * the page cannot drift from the document ({@link #verify}).
 */
public final class MarkdownReference {

  /** Set to {@code true} to have {@link #verify} write the page instead of failing. */
  public static final String UPDATE_PROPERTY = "openapi.docs.update";

  private MarkdownReference() {
  }

  /**
   * Compares the rendering of {@code doc} with {@code page}; when they differ, writes it there if the
   * system property {@value #UPDATE_PROPERTY} is {@code true}, else fails naming the command that does.
   */
  public static void verify(ApiDocument doc, Path page, String source) {
    String rendered = render(doc, source);
    try {
      String committed = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
      if (committed.equals(rendered)) {
        return;
      }
      if (Boolean.getBoolean(UPDATE_PROPERTY)) {
        Files.createDirectories(page.getParent());
        Files.writeString(page, rendered, StandardCharsets.UTF_8);
        return;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError(page + " is not the rendering of " + source + ": run the test again with -D"
        + UPDATE_PROPERTY + "=true and commit the page");
  }

  public static String render(ApiDocument api, String source) {
    JsonObject doc = api.json();
    JsonObject info = doc.getJsonObject("info", new JsonObject());
    StringBuilder out = new StringBuilder();
    out.append("# ").append(info.getString("title", "API")).append(" (").append(info.getString("version", ""))
        .append(")\n\n");
    out.append("<!-- Generated from ").append(source).append(" by ")
        .append("MarkdownReference; edit the JSON, not this page. -->\n\n");
    paragraph(out, info.getString("description"));
    for (ApiDocument.Operation op : api.operations()) {
      operation(out, api, op);
    }
    JsonObject schemas = doc.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
    if (!schemas.isEmpty()) {
      out.append("## Schemas\n\n");
      for (String name : schemas.fieldNames()) {
        schema(out, name, schemas.getJsonObject(name));
      }
    }
    return out.toString();
  }

  private static void operation(StringBuilder out, ApiDocument api, ApiDocument.Operation op) {
    JsonObject o = api.operation(op);
    out.append("## `").append(op.method()).append(' ').append(op.path()).append("`");
    if (o.getString("summary") != null) {
      out.append(" — ").append(o.getString("summary"));
    }
    out.append("\n\n");
    paragraph(out, o.getString("description"));
    if (o.getJsonArray("security") != null && !o.getJsonArray("security").isEmpty()) {
      out.append("Security: ").append(o.getJsonArray("security").encode()).append("\n\n");
    }
    JsonArray params = o.getJsonArray("parameters", new JsonArray());
    JsonObject form = formFields(api, o);
    if (!params.isEmpty() || form != null) {
      out.append("| parameter | in | required | schema | meaning |\n|---|---|---|---|---|\n");
      for (Object p : params) {
        JsonObject param = (JsonObject) p;
        if (param.containsKey("$ref")) {
          param = api.resolve(param.getString("$ref").substring(1));
        }
        row(out, param.getString("name"), param.getString("in"), param.getBoolean("required", false),
            param.getJsonObject("schema"), param.getString("description"));
      }
      if (form != null) {
        JsonArray required = form.getJsonArray("required", new JsonArray());
        JsonObject props = form.getJsonObject("properties", new JsonObject());
        for (String name : props.fieldNames()) {
          JsonObject s = props.getJsonObject(name);
          row(out, name, "form", required.contains(name), s, s.getString("description"));
        }
      }
      out.append('\n');
    }
    out.append("| status | content | meaning |\n|---|---|---|\n");
    for (String status : api.statuses(op)) {
      JsonObject r = api.response(op, status).node();
      StringBuilder types = new StringBuilder();
      JsonObject content = r.getJsonObject("content", new JsonObject());
      for (String type : content.fieldNames()) {
        JsonObject media = content.getJsonObject(type);
        types.append(types.length() == 0 ? "" : "<br>").append('`').append(type).append('`');
        Object s = media.getValue("x-jsonp-payload", media.getValue("schema"));
        if (s instanceof JsonObject schema) {
          types.append(' ').append(schemaName(schema));
        }
      }
      JsonObject headers = r.getJsonObject("headers", new JsonObject());
      String desc = cell(r.getString("description"));
      if (!headers.isEmpty()) {
        desc += (desc.endsWith(".") || desc.isEmpty() ? " " : ". ") + "Headers: " + String.join(", ", headers.fieldNames()) + ".";
      }
      out.append("| ").append(status).append(" | ").append(types.length() == 0 ? "—" : types).append(" | ")
          .append(desc).append(" |\n");
    }
    out.append('\n');
  }

  /** The form body's schema of an operation (its first form or JSON object body), or null. */
  private static JsonObject formFields(ApiDocument api, JsonObject o) {
    JsonObject body = o.getJsonObject("requestBody");
    if (body == null) {
      return null;
    }
    JsonObject content = body.getJsonObject("content", new JsonObject());
    JsonObject media = content.getJsonObject("application/x-www-form-urlencoded");
    if (media == null) {
      return null;
    }
    JsonObject schema = media.getJsonObject("schema", new JsonObject());
    return schema.containsKey("$ref") ? api.resolve(schema.getString("$ref").substring(1)) : schema;
  }

  private static void schema(StringBuilder out, String name, JsonObject s) {
    out.append("### ").append(name).append("\n\n");
    paragraph(out, s.getString("description"));
    JsonObject props = s.getJsonObject("properties");
    if (props == null || props.isEmpty()) {
      out.append("`").append(schemaName(s)).append("`\n\n");
      return;
    }
    JsonArray required = s.getJsonArray("required", new JsonArray());
    out.append("| field | required | schema | meaning |\n|---|---|---|---|\n");
    for (String field : props.fieldNames()) {
      JsonObject p = props.getJsonObject(field);
      out.append("| `").append(field).append("` | ").append(required.contains(field) ? "yes" : "").append(" | ")
          .append(schemaName(p)).append(" | ").append(cell(p.getString("description"))).append(" |\n");
    }
    out.append('\n');
  }

  private static void row(StringBuilder out, String name, String in, boolean required, JsonObject schema, String desc) {
    out.append("| `").append(name).append("` | ").append(in).append(" | ").append(required ? "yes" : "")
        .append(" | ").append(schema == null ? "" : schemaName(schema)).append(" | ").append(cell(desc)).append(" |\n");
  }

  /** A short name for a schema: its {@code $ref}'s name, its type, enum or const. */
  static String schemaName(JsonObject s) {
    if (s.containsKey("$ref")) {
      String ref = s.getString("$ref");
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      return "[" + name + "](#" + name.toLowerCase(Locale.ROOT) + ")";
    }
    if (s.containsKey("const")) {
      return "`" + s.getValue("const") + "`";
    }
    if (s.containsKey("enum")) {
      return "one of `" + String.join("`, `", s.getJsonArray("enum").stream().map(String::valueOf).toList()) + "`";
    }
    for (String combinator : new String[] {"oneOf", "anyOf"}) {
      if (s.containsKey(combinator)) {
        StringBuilder b = new StringBuilder();
        for (Object x : s.getJsonArray(combinator)) {
          b.append(b.length() == 0 ? "" : " or ").append(schemaName((JsonObject) x));
        }
        return b.toString();
      }
    }
    Object type = s.getValue("type");
    if ("array".equals(type) && s.getJsonObject("items") != null) {
      return "array of " + schemaName(s.getJsonObject("items"));
    }
    if ("object".equals(type) && s.getValue("additionalProperties") instanceof JsonObject v) {
      return "map of " + schemaName(v);
    }
    String t = type == null ? "any" : type instanceof JsonArray a ? String.join("/", a.stream().map(String::valueOf).toList())
        : type.toString();
    if (s.getString("pattern") != null && "string".equals(t)) {
      t += " `" + s.getString("pattern").replace("|", "\\|") + "`";
    }
    return Objects.requireNonNull(t);
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("\n", " ").replace("|", "\\|").trim();
  }

  private static void paragraph(StringBuilder out, String text) {
    if (text != null && !text.isBlank()) {
      out.append(text.trim()).append("\n\n");
    }
  }
}
