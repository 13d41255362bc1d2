package org.nextim.openapi;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One real reply: its status, headers (names in lower case) and body, and the request it answered
 * (null when not known: then only the reply is checked).
 */
public record ApiReply(int status, Map<String, List<String>> headers, String body, ApiRequest request) {

  public ApiReply(int status, Map<String, List<String>> headers, String body) {
    this(status, headers, body, null);
  }

  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The media type without parameters, lower case ({@code application/json}), or "" without one. */
  public String mediaType() {
    return header("content-type").map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
  }

  @Override
  public String toString() {
    return status + " " + header("content-type").orElse("(no content type)") + " "
        + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
  }
}
