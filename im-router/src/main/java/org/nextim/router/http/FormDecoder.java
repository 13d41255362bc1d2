package org.nextim.router.http;

import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (a body or a query string) straight into a map,
 * the last value of a name winning: the same reading as Netty's {@link QueryStringDecoder} with
 * semicolons as ordinary characters (message bodies contain them), without the map of lists it builds
 * for every request. A leading {@code ?} is skipped, a {@code #} ends the text, a pair without a name is
 * ignored, {@code =} at the start of a name is skipped, and at most {@code maxPairs} pairs are read.
 */
final class FormDecoder {

  private FormDecoder() {
  }

  /** @throws IllegalArgumentException for a malformed escape ({@code %zz}, a cut {@code %2}) */
  static void decode(String s, int maxPairs, Map<String, String> into) {
    int len = s.length();
    int from = 0;
    if (from >= len) {
      return;
    }
    if (s.charAt(from) == '?') {
      from++;
    }
    int nameStart = from;
    int valueStart = -1;
    int left = maxPairs;
    int i;
    loop:
    for (i = from; i < len; i++) {
      switch (s.charAt(i)) {
        case '=' -> {
          if (nameStart == i) {
            nameStart = i + 1;
          } else if (valueStart < nameStart) {
            valueStart = i + 1;
          }
        }
        case '&' -> {
          if (add(s, nameStart, valueStart, i, into) && --left == 0) {
            return;
          }
          nameStart = i + 1;
        }
        case '#' -> {
          break loop;
        }
        default -> {
        }
      }
    }
    add(s, nameStart, valueStart, i, into);
  }

  private static boolean add(String s, int nameStart, int valueStart, int valueEnd, Map<String, String> into) {
    if (nameStart >= valueEnd) {
      return false;
    }
    if (valueStart <= nameStart) {
      valueStart = valueEnd + 1;
    }
    String name = component(s, nameStart, valueStart - 1);
    String value = valueStart > valueEnd ? "" : component(s, valueStart, valueEnd);
    into.put(name, value);
    return true;
  }

  /** Netty decodes only when the text has an escape ({@code %} or {@code +}); else it answers the text itself. */
  private static String component(String s, int from, int to) {
    return QueryStringDecoder.decodeComponent(s.substring(from, to), StandardCharsets.UTF_8);
  }
}
