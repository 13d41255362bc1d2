package org.nextim.router.http;

/**
 * Which JSONP callback names a poll may ask for: a JavaScript identifier path such as {@code cb} or
 * {@code webim.jsonp_3}, each part {@code [A-Za-z_$][A-Za-z0-9_$]{0,63}}. Checked on every poll, so by hand
 * rather than with a regular expression (whose matcher allocated on the hot path).
 */
final class JsonpCallback {

  private static final int MAX_PART = 64;

  private JsonpCallback() {
  }

  static boolean valid(String name) {
    int part = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.') {
        if (part == 0) {
          return false;
        }
        part = 0;
      } else if (part == 0 ? start(c) : start(c) || (c >= '0' && c <= '9')) {
        if (++part > MAX_PART) {
          return false;
        }
      } else {
        return false;
      }
    }
    return part > 0;
  }

  private static boolean start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
  }
}
