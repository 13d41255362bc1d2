package org.nextim.router.core;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The packets' JSON writer: what a JSON parser reads back, byte for byte where Jackson agrees. */
class JsonBytesTest {

  private static JsonObject parse(byte[] json) {
    return new JsonObject(Buffer.buffer(json));
  }

  @Test
  void writesStringsNumbersBooleansAndNulls() {
    byte[] json = new JsonBytes().put("from", "alice").put("timestamp", 1_700_000_000_123L)
        .put("ok", true).put("style", (String) null).toBytes();
    assertEquals("{\"from\":\"alice\",\"timestamp\":1700000000123,\"ok\":true,\"style\":null}",
        new String(json, StandardCharsets.UTF_8));
    assertEquals("{}", new String(new JsonBytes().toBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void plainTextIsWhatJacksonWrites() {
    String body = "héllo wörld ✓ 你好 😀 \"quoted\" back\\slash / tab\t line\n \u0000\u001f\b\f\r";
    byte[] ours = new JsonBytes().put("body", body).put("n", -5).toBytes();
    byte[] jackson = new JsonObject().put("body", body).put("n", -5).toBuffer().getBytes();
    assertEquals(new String(jackson, StandardCharsets.UTF_8), new String(ours, StandardCharsets.UTF_8));
  }

  @Test
  void everyCharacterReadsBackAsItWas() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0xd800; c++) {
      all.append(c);
    }
    for (char c = 0xe000; c != 0; c++) {
      all.append(c);
    }
    all.appendCodePoint(0x1f600).appendCodePoint(0x10ffff).appendCodePoint(0x10000);
    String s = all.toString();
    assertEquals(s, parse(new JsonBytes().put("s", s).toBytes()).getString("s"));
  }

  @Test
  void lineAndParagraphSeparatorsAreEscapedForJsonp() {
    String json = new String(new JsonBytes().put("b", "a\u2028b\u2029c").toBytes(), StandardCharsets.UTF_8);
    assertEquals("{\"b\":\"a\\u2028b\\u2029c\"}", json);
    assertFalse(json.contains("\u2028"));
  }

  @Test
  void controlCharactersAreEscaped() {
    String json = new String(new JsonBytes().put("b", "\u0000\u001f\b\f\r").toBytes(), StandardCharsets.UTF_8);
    assertEquals("{\"b\":\"\\u0000\\u001F\\b\\f\\r\"}", json);
  }

  @Test
  void anUnpairedSurrogateBecomesAQuestionMarkAsStringGetBytesMakesIt() {
    String s = "a\ud800b\udc00c\ud83d";
    assertEquals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
        parse(new JsonBytes().put("s", s).toBytes()).getString("s"));
  }

  @Test
  void randomStringsReadBackAsTheyWereAndFillTheirExactSize() {
    Random random = new Random(7);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(40);
      for (int i = 0; i < n; i++) {
        int kind = random.nextInt(5);
        b.appendCodePoint(switch (kind) {
          case 0 -> random.nextInt(0x80);
          case 1 -> 0x80 + random.nextInt(0x780);
          case 2 -> 0x800 + random.nextInt(0xd000);
          case 3 -> 0x10000 + random.nextInt(0x100000);
          default -> "\"\\\u2028\n".charAt(random.nextInt(4));
        });
      }
      String s = b.toString();
      byte[] json = new JsonBytes().put("s", s).toBytes();
      assertEquals(s, parse(json).getString("s"), s);
      assertEquals(json.length, JsonBytes.quotedSize(s) + 6, s);
    }
  }
}
