package org.nextim.launcher.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

  static final Setting<Integer> PORT = Setting.of("DEMO_PORT", Types.integer(0, 65535), 8000, "HTTP port");
  static final Setting<Long> TIMEOUT = Setting.of("DEMO_TIMEOUT_MS", Types.longInteger(1, Long.MAX_VALUE), 28_000L,
      "how long");
  static final Setting<Boolean> CLUSTER = Setting.of("DEMO_CLUSTER", Types.bool(), false, "cluster");
  static final Setting<String> HOST = Setting.of("DEMO_HOST", Types.text(), "0.0.0.0", "bind address");
  static final Setting<String> URL = Setting.of("DEMO_URL", Types.httpUrl(), "http://127.0.0.1:8000", "upstream");
  static final Setting<String> LANG = Setting.of("DEMO_LANG", Types.oneOf("en", "zh-CN"), "en", "language");
  static final Setting<List<Integer>> PORTS = Setting.of("DEMO_PORTS", Types.list(Types.integer(1, 65535)),
      List.of(), "more ports");
  static final Setting<String> TOKEN = Setting.optional("DEMO_TOKEN", Types.token(16), "unset (open)", "token")
      .withSecretValue();
  static final Setting<String> PASSWORD = Setting.of("DEMO_PASSWORD", Types.verbatim(), "", "password")
      .withBlankAsAValue();
  static final Settings SETTINGS = Settings.of("DEMO_CONFIG_FILE",
      List.of(PORT, TIMEOUT, CLUSTER, HOST, URL, LANG, PORTS, TOKEN, PASSWORD));

  @TempDir
  Path dir;

  private Path file(String json) throws IOException {
    Path f = dir.resolve("demo.json");
    Files.writeString(f, json);
    return f;
  }

  private static String failure(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> SETTINGS.read(env)).getMessage();
  }

  @Test
  void unsetVariablesAreTheirDefaults() {
    SettingValues v = SETTINGS.read(Map.of("PATH", "/bin", "DEMO_UNRELATED", "x"));
    assertEquals(8000, v.get(PORT));
    assertEquals(28_000L, v.get(TIMEOUT));
    assertFalse(v.get(CLUSTER));
    assertEquals("0.0.0.0", v.get(HOST));
    assertEquals(List.of(), v.get(PORTS));
    assertNull(v.get(TOKEN));
    assertEquals("", v.get(PASSWORD));
    assertFalse(v.given(PORT));
  }

  @Test
  void everyTypeParsesItsValues() {
    SettingValues v = SETTINGS.read(Map.of("DEMO_PORT", " 0 ", "DEMO_TIMEOUT_MS", "5000000000",
        "DEMO_CLUSTER", "YES", "DEMO_HOST", " 10.0.0.1 ", "DEMO_URL", "https://x.example/", "DEMO_LANG", "zh-CN",
        "DEMO_PORTS", "1, 2,,3", "DEMO_TOKEN", "0123456789abcdef", "DEMO_PASSWORD", " pw "));
    assertEquals(0, v.get(PORT));
    assertEquals(5_000_000_000L, v.get(TIMEOUT));
    assertTrue(v.get(CLUSTER));
    assertEquals("10.0.0.1", v.get(HOST));
    assertEquals("https://x.example", v.get(URL), "one trailing slash dropped");
    assertEquals("zh-CN", v.get(LANG));
    assertEquals(List.of(1, 2, 3), v.get(PORTS));
    assertEquals("0123456789abcdef", v.get(TOKEN));
    assertEquals(" pw ", v.get(PASSWORD), "verbatim keeps the white space");
    assertTrue(v.given(PORT));
  }

  @Test
  void aBlankVariableIsUnsetUnlessItsSettingTakesBlankValues() throws IOException {
    Path f = file("{\"DEMO_PORT\": 9000, \"DEMO_PASSWORD\": \"from-file\"}");
    SettingValues v = SETTINGS.read(Map.of("DEMO_CONFIG_FILE", f.toString(), "DEMO_PORT", " ", "DEMO_PASSWORD", ""));
    assertEquals(9000, v.get(PORT), "a blank variable falls through to the file");
    assertEquals("", v.get(PASSWORD), "an empty password is a value, and the environment's wins");
  }

  @Test
  void theEnvironmentWinsOverTheFileWhichWinsOverTheDefault() throws IOException {
    Path f = file("{\"DEMO_PORT\": 9000, \"DEMO_CLUSTER\": true, \"DEMO_HOST\": \"file-host\", \"DEMO_LANG\": null}");
    SettingValues v = SETTINGS.read(Map.of("DEMO_CONFIG_FILE", f.toString(), "DEMO_PORT", "9100"));
    assertEquals(9100, v.get(PORT), "environment over file");
    assertTrue(v.get(CLUSTER), "file over default (a JSON boolean)");
    assertEquals("file-host", v.get(HOST));
    assertEquals("en", v.get(LANG), "null in the file is the same as leaving the key out");
    assertEquals(28_000L, v.get(TIMEOUT), "neither: the default");
    assertTrue(v.given(CLUSTER));
  }

  @Test
  void aBadValueNamesTheVariableTheValueAndWhatIsExpected() {
    assertEquals("DEMO_PORT: \"abc\" is not an integer (0–65535)", failure(Map.of("DEMO_PORT", "abc")));
    assertEquals("DEMO_PORT: \"70000\" is not an integer (0–65535)", failure(Map.of("DEMO_PORT", "70000")));
    assertEquals("DEMO_TIMEOUT_MS: \"0\" is not an integer (at least 1)", failure(Map.of("DEMO_TIMEOUT_MS", "0")));
    assertEquals("DEMO_TIMEOUT_MS: \"2s\" is not an integer (at least 1)", failure(Map.of("DEMO_TIMEOUT_MS", "2s")));
    assertEquals("DEMO_CLUSTER: \"maybe\" is not true or false", failure(Map.of("DEMO_CLUSTER", "maybe")));
    assertEquals("DEMO_URL: \"router:8000\" is not an http:// or https:// URL",
        failure(Map.of("DEMO_URL", "router:8000")));
    assertEquals("DEMO_LANG: \"fr\" is not en or zh-CN", failure(Map.of("DEMO_LANG", "fr")));
    assertEquals("DEMO_PORTS: \"1,x,3\" is not a comma-separated list of an integer (1–65535) ('x' is not an "
        + "integer (1–65535))", failure(Map.of("DEMO_PORTS", "1,x,3")));
  }

  @Test
  void anIntegerSettingRefusesWhatDoesNotFitAnInt() {
    Setting<Integer> big = Setting.of("DEMO_BIG", Types.integer(64, Integer.MAX_VALUE), 64, "bytes");
    Settings s = Settings.of("DEMO_CONFIG_FILE", List.of(big));
    assertEquals(Integer.MAX_VALUE, s.read(Map.of("DEMO_BIG", "2147483647")).get(big));
    assertThrows(ConfigException.class, () -> s.read(Map.of("DEMO_BIG", "2147483648")));
  }

  @Test
  void aSecretValueIsNotRepeated() {
    String m = failure(Map.of("DEMO_TOKEN", "hunter2"));
    assertEquals("DEMO_TOKEN: a value of 7 characters (not shown) is not at least 16 characters", m);
    assertFalse(m.contains("hunter2"));
  }

  @Test
  void aBadValueInTheFileSaysSo() throws IOException {
    Path f = file("{\"DEMO_PORT\": \"abc\"}");
    assertEquals("DEMO_PORT: \"abc\" is not an integer (0–65535), in DEMO_CONFIG_FILE " + f,
        failure(Map.of("DEMO_CONFIG_FILE", f.toString())));
    Path fraction = file("{\"DEMO_PORT\": 80.5}");
    assertTrue(failure(Map.of("DEMO_CONFIG_FILE", fraction.toString())).startsWith("DEMO_PORT: \"80.5\" is not"));
  }

  @Test
  void aKeyOfTheFileThatIsNoSettingIsAnError() throws IOException {
    Path f = file("{\"DEMO_PROT\": 9000, \"DEMO_HOST\": \"h\", \"SOMETHING_ELSE\": 1}");
    assertEquals("DEMO_CONFIG_FILE: " + f + " has keys that no setting has: DEMO_PROT (did you mean DEMO_PORT?), "
        + "SOMETHING_ELSE (the keys are the variable names of docs/configuration.md)",
        failure(Map.of("DEMO_CONFIG_FILE", f.toString())));
  }

  @Test
  void aFileThatCannotBeUsedNamesItsVariable() throws IOException {
    Path missing = dir.resolve("missing.json");
    assertEquals("DEMO_CONFIG_FILE: cannot read " + missing + " (no such file)",
        failure(Map.of("DEMO_CONFIG_FILE", missing.toString())));
    Path list = file("[1, 2]");
    assertEquals("DEMO_CONFIG_FILE: " + list + " is not a JSON object of variable names and values",
        failure(Map.of("DEMO_CONFIG_FILE", list.toString())));
    Path broken = file("DEMO_PORT=9000");
    assertTrue(failure(Map.of("DEMO_CONFIG_FILE", broken.toString())).startsWith("DEMO_CONFIG_FILE: " + broken));
    Path nested = file("{\"DEMO_PORTS\": [1, 2]}");
    assertTrue(failure(Map.of("DEMO_CONFIG_FILE", nested.toString()))
        .startsWith("DEMO_CONFIG_FILE: DEMO_PORTS in " + nested + " is not a string, number or boolean"));
  }

  @Test
  void aCustomTypeMaySayWhichPartIsWrong() {
    Setting<String> pair = Setting.of("DEMO_PAIR", Types.custom("a=b", s -> {
      if (!s.contains("=")) {
        throw new ValueType.Invalid("no '=' in it");
      }
      return s;
    }), "x=y", "a pair");
    Settings s = Settings.of("DEMO_CONFIG_FILE", List.of(pair));
    assertEquals("DEMO_PAIR: \"ab\" is not a=b (no '=' in it)",
        assertThrows(ConfigException.class, () -> s.read(Map.of("DEMO_PAIR", "ab"))).getMessage());
  }

  @Test
  void aSettingIsDefinedOnceAndReadOnlyFromItsOwnSet() {
    assertThrows(IllegalArgumentException.class, () -> Settings.of("DEMO_CONFIG_FILE", List.of(PORT, PORT)));
    assertThrows(IllegalArgumentException.class, () -> Settings.of("DEMO_PORT", List.of(PORT)));
    Setting<Integer> stray = Setting.of("DEMO_STRAY", Types.integer(0, 1), 0, "not in the list");
    assertThrows(IllegalStateException.class, () -> SETTINGS.defaults().get(stray));
  }
}
