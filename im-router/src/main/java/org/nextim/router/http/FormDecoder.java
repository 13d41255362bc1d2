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
 * The protocol's parameter names come back as constants, so a request's names allocate nothing.
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
    String name = name(s, nameStart, valueStart - 1);
    String value = valueStart > valueEnd ? "" : component(s, valueStart, valueEnd);
    into.put(name, value);
    return true;
  }

  /** The protocol's parameter names: a request's names are these constants, not fresh strings. */
  private static final String[] NAMES = {"domain", "apikey", "ticket", "to", "body", "id", "ack", "type", "style",
      "nick", "timestamp", "show", "status", "callback", "cursor", "rooms", "room", "version", "names", "name",
      "buddies", "all"};

  private static String name(String s, int from, int to) {
    int length = to - from;
    for (String known : NAMES) {
      if (known.length() == length && s.regionMatches(from, known, 0, length)) {
        return known;
      }
    }
    return component(s, from, to);
  }

  /**
   * Netty's {@link QueryStringDecoder#decodeComponent} of {@code s[from, to)} without copying the range
   * first: the text itself when it has no escape ({@code %} or {@code +}), else each run of {@code %XX}
   * decoded as UTF-8 and {@code +} read as a space.
   */
  private static String component(String s, int from, int to) {
    int firstEscaped = -1;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%' || c == '+') {
        firstEscaped = i;
        break;
      }
    }
    if (firstEscaped < 0) {
      return s.substring(from, to);
    }
    byte[] run = new byte[(to - firstEscaped) / 3];
    StringBuilder out = new StringBuilder(to - from).append(s, from, firstEscaped);
    for (int i = firstEscaped; i < to; i++) {
      char c = s.charAt(i);
      if (c != '%') {
        out.append(c == '+' ? ' ' : c);
        continue;
      }
      int length = 0;
      do {
        if (i + 3 > to) {
          throw new IllegalArgumentException("unterminated escape sequence at index " + i);
        }
        run[length++] = hexByte(s, i + 1);
        i += 3;
      } while (i < to && s.charAt(i) == '%');
      i--;
      out.append(new String(run, 0, length, StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static byte hexByte(String s, int at) {
    int high = hexDigit(s.charAt(at));
    int low = hexDigit(s.charAt(at + 1));
    if (high < 0 || low < 0) {
      throw new IllegalArgumentException("invalid hex byte at index " + at);
    }
    return (byte) ((high << 4) + low);
  }

  /** 0-15 for an ASCII hex digit, else -1 (not {@link Character#digit}, which takes other scripts' digits). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }
}
