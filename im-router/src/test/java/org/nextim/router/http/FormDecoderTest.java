package org.nextim.router.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FormDecoderTest {

  private static Map<String, String> decode(String s, int max) {
    Map<String, String> m = new HashMap<>();
    FormDecoder.decode(s, max, m);
    return m;
  }

  @Test
  void readsAFormTheWayTheProtocolSendsIt() {
    assertEquals(Map.of("domain", "test.com", "body", "hi there; a+b=c & d", "to", "bob"),
        decode("domain=test.com&body=hi+there%3B+a%2Bb%3Dc+%26+d&to=bob", 256));
    assertEquals(Map.of("body", "; kept", "x", "", "name", ""), decode("body=;+kept&x=&=name&&", 256));
    assertEquals(Map.of("n", "2"), decode("n=1&n=2", 256));
    assertEquals(Map.of("nick", "李雷"), decode("nick=%E6%9D%8E%E9%9B%B7", 256));
    assertEquals(Map.of("a", "1", "b", "2"), decode("a=1&b=2&c=3", 2));
  }

  @Test
  void aMalformedEscapeIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> decode("body=%zz", 256));
    assertThrows(IllegalArgumentException.class, () -> decode("body=abc%2", 256));
    assertThrows(IllegalArgumentException.class, () -> decode("body=%\uff11\uff12", 256), "fullwidth digits");
  }

  /** Differential: Netty's decoder (semicolons ordinary, last value wins) on random texts of form characters. */
  @Test
  void readsEveryTextAsNettysDecoderDoes() {
    String[] pieces = {"a", "b", "=", "&", ";", "#", "?", "%", "%2", "%3D", "%26", "+", "é", "%C3%A9", "%e", "x=y", "",
        "to", "ticket", "%74o", "id", "i", "%F0%9F%98%80", "%C3", "%e6%9d%8e", "%\u0663\u0663", "%Ab"};
    Random random = new Random(7);
    for (int n = 0; n < 50_000; n++) {
      StringBuilder sb = new StringBuilder();
      int parts = random.nextInt(12);
      for (int i = 0; i < parts; i++) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      String s = sb.toString();
      int max = 1 + random.nextInt(4);
      Map<String, String> expected = new HashMap<>();
      boolean expectedFails = false;
      try {
        new QueryStringDecoder(s, StandardCharsets.UTF_8, false, max, true).parameters()
            .forEach((k, v) -> expected.put(k, v.get(v.size() - 1)));
      } catch (IllegalArgumentException e) {
        expectedFails = true;
      }
      Map<String, String> actual = new HashMap<>();
      boolean actualFails = false;
      try {
        FormDecoder.decode(s, max, actual);
      } catch (IllegalArgumentException e) {
        actualFails = true;
      }
      assertEquals(expectedFails, actualFails, "fails on \"" + s + "\" (max " + max + ")");
      if (!expectedFails) {
        assertEquals(expected, actual, "\"" + s + "\" (max " + max + ")");
      }
    }
  }
}
