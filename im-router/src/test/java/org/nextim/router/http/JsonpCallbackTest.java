package org.nextim.router.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonpCallbackTest {

  /** The rule as it was written before: the hand-written check must agree with it on every name. */
  private static final Pattern RULE = Pattern.compile("[A-Za-z_$][\\w$]{0,63}(\\.[A-Za-z_$][\\w$]{0,63})*");

  @Test
  void acceptsIdentifierPaths() {
    for (String name : List.of("cb", "_", "$", "webim.jsonp_3", "a.b.c", "jQuery1234_5678", "A$b.$c9", "x".repeat(64),
        "a".repeat(64) + "." + "b".repeat(64))) {
      assertTrue(JsonpCallback.valid(name), name);
    }
  }

  @Test
  void refusesEverythingElse() {
    for (String name : List.of("", ".", "a.", ".a", "a..b", "1a", "a.1b", "a-b", "a b", "alert(1)", "a;b", "a[0]",
        "x".repeat(65), "a." + "b".repeat(65), "é", "a\u0000", "a/b")) {
      assertFalse(JsonpCallback.valid(name), name);
    }
  }

  @Test
  void agreesWithTheRegularExpressionOnEveryShortName() {
    char[] alphabet = {'a', 'Z', '0', '_', '$', '.', '-', ' '};
    int checked = 0;
    for (int len = 1; len <= 5; len++) {
      int[] idx = new int[len];
      while (true) {
        StringBuilder sb = new StringBuilder();
        for (int i : idx) {
          sb.append(alphabet[i]);
        }
        String name = sb.toString();
        assertEquals(RULE.matcher(name).matches(), JsonpCallback.valid(name), name);
        checked++;
        int k = len - 1;
        while (k >= 0 && ++idx[k] == alphabet.length) {
          idx[k--] = 0;
        }
        if (k < 0) {
          break;
        }
      }
    }
    assertEquals(8 + 64 + 512 + 4096 + 32768, checked);
  }
}
