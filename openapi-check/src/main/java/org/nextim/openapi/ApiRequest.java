package org.nextim.openapi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The request a reply answered, as sent: method, path (no query), raw query string ("" without one),
 * content type (null without a body) and body (null without one).
 */
public record ApiRequest(String method, String path, String query, String contentType, String body) {

  public ApiRequest {
    method = method.toUpperCase(Locale.ROOT);
    query = query == null ? "" : query;
  }

  /** {@code path?query} split into its parts. */
  public static ApiRequest of(String method, String pathAndQuery, String contentType, String body) {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? new ApiRequest(method, pathAndQuery, "", contentType, body)
        : new ApiRequest(method, pathAndQuery.substring(0, q), pathAndQuery.substring(q + 1), contentType, body);
  }

  /** The media type without parameters, lower case, or "" without one. */
  public String mediaType() {
    return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  public boolean hasBody() {
    return body != null && !body.isEmpty();
  }

  /** The query string's parameters, decoded (the first value of a repeated name). */
  public Map<String, String> queryParams() {
    return decode(query);
  }

  /** A form body's fields, decoded; empty for any other body. */
  public Map<String, String> formFields() {
    return "application/x-www-form-urlencoded".equals(mediaType()) && hasBody() ? decode(body) : Map.of();
  }

  static Map<String, String> decode(String encoded) {
    Map<String, String> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(name, value);
    }
    return out;
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query)
        + (hasBody() ? " [" + mediaType() + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body) + "]" : "");
  }
}
