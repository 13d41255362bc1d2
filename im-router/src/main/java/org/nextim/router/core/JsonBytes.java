package org.nextim.router.core;

import java.nio.charset.StandardCharsets;

/**
 * A flat JSON object of strings and numbers, written as UTF-8 straight into one array of its exact
 * size: what every packet and every {@code /messages} answer is. Building it with a {@code JsonObject}
 * and Jackson cost a map, its entries, a generator, a {@code String} and its copy for each (about a tenth
 * of what the router allocated per message; docs/benchmarks.md, "The latency tail").
 *
 * <p>Strings are escaped as JSON requires ({@code "}, {@code \}, control characters), and U+2028 and
 * U+2029 too, which JavaScript before ES2019 does not allow raw in a string and which JSONP runs as
 * script. Characters beyond the BMP (emoji) are written as escaped surrogate pairs, as Jackson wrote
 * them for the deployed clients; an unpaired surrogate becomes {@code ?}, as {@code String.getBytes}
 * makes it. Names are the
 * caller's ASCII constants, written as they are.
 */
public final class JsonBytes {

  private static final int MAX_FIELDS = 8;
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private final String[] names = new String[MAX_FIELDS];
  private final String[] values = new String[MAX_FIELDS];
  /** Whether each value is written as it is (a number, a boolean) rather than as a JSON string. */
  private final boolean[] bare = new boolean[MAX_FIELDS];
  private int fields;

  /** A string field; a null value is written as {@code null}. */
  public JsonBytes put(String name, String value) {
    return add(name, value, false);
  }

  public JsonBytes put(String name, long value) {
    return add(name, Long.toString(value), true);
  }

  public JsonBytes put(String name, boolean value) {
    return add(name, value ? "true" : "false", true);
  }

  private JsonBytes add(String name, String value, boolean asIs) {
    if (fields == MAX_FIELDS) {
      throw new IllegalStateException("more than " + MAX_FIELDS + " fields");
    }
    names[fields] = name;
    values[fields] = value;
    bare[fields] = asIs;
    fields++;
    return this;
  }

  /** The object's UTF-8 bytes. */
  public byte[] toBytes() {
    int size = fields == 0 ? 2 : 1;
    for (int i = 0; i < fields; i++) {
      size += names[i].length() + 4 + (bare[i] || values[i] == null ? length(values[i]) : quotedSize(values[i]));
    }
    byte[] out = new byte[size];
    int at = 0;
    for (int i = 0; i < fields; i++) {
      out[at++] = (byte) (i == 0 ? '{' : ',');
      out[at++] = '"';
      at = ascii(names[i], out, at);
      out[at++] = '"';
      out[at++] = ':';
      String v = values[i];
      at = v == null ? ascii("null", out, at) : bare[i] ? ascii(v, out, at) : quoted(v, out, at);
    }
    if (fields == 0) {
      out[at++] = '{';
    }
    out[at++] = '}';
    return out;
  }

  private static int length(String v) {
    return v == null ? 4 : v.length();
  }

  /** The UTF-8 size of {@code s} as a JSON string, quotes included. */
  static int quotedSize(String s) {
    int size = 2;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        size += c == '"' || c == '\\' ? 2 : c >= 0x20 ? 1 : shortEscape(c) != 0 ? 2 : 6;
      } else if (c < 0x800) {
        size += 2;
      } else if (c == '\u2028' || c == '\u2029') {
        size += 6;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        size += 12;
        i++;
      } else if (Character.isSurrogate(c)) {
        size += 1;
      } else {
        size += 3;
      }
    }
    return size;
  }

  private static int quoted(String s, byte[] out, int at) {
    out[at++] = '"';
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '"' || c == '\\') {
          out[at++] = '\\';
          out[at++] = (byte) c;
        } else if (c >= 0x20) {
          out[at++] = (byte) c;
        } else if (shortEscape(c) != 0) {
          out[at++] = '\\';
          out[at++] = shortEscape(c);
        } else {
          at = unicodeEscape(c, out, at);
        }
      } else if (c < 0x800) {
        out[at++] = (byte) (0xc0 | c >> 6);
        out[at++] = (byte) (0x80 | c & 0x3f);
      } else if (c == '\u2028' || c == '\u2029') {
        at = unicodeEscape(c, out, at);
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        at = unicodeEscape(c, out, at);
        at = unicodeEscape(s.charAt(++i), out, at);
      } else if (Character.isSurrogate(c)) {
        out[at++] = '?';
      } else {
        out[at++] = (byte) (0xe0 | c >> 12);
        out[at++] = (byte) (0x80 | c >> 6 & 0x3f);
        out[at++] = (byte) (0x80 | c & 0x3f);
      }
    }
    out[at++] = '"';
    return at;
  }

  private static byte shortEscape(char c) {
    return switch (c) {
      case '\b' -> 'b';
      case '\t' -> 't';
      case '\n' -> 'n';
      case '\f' -> 'f';
      case '\r' -> 'r';
      default -> 0;
    };
  }

  private static int unicodeEscape(char c, byte[] out, int at) {
    out[at++] = '\\';
    out[at++] = 'u';
    out[at++] = HEX[c >> 12 & 0xf];
    out[at++] = HEX[c >> 8 & 0xf];
    out[at++] = HEX[c >> 4 & 0xf];
    out[at++] = HEX[c & 0xf];
    return at;
  }

  private static int ascii(String s, byte[] out, int at) {
    for (int i = 0, n = s.length(); i < n; i++) {
      out[at++] = (byte) s.charAt(i);
    }
    return at;
  }
}
