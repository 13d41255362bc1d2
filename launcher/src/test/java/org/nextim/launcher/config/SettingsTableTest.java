package org.nextim.launcher.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTableTest {

  private static final Settings SETTINGS = Settings.of("DEMO_CONFIG_FILE", List.of(
      Setting.of("DEMO_PORT", Types.integer(0, 65535), 8000, "HTTP port (0 picks a free one)"),
      Setting.of("DEMO_LOOPS", Types.integer(1, 1024), 4, "event loops").withDefaultShown("number of cores"),
      Setting.optional("DEMO_TOKEN", Types.token(16), "unset (open)", "a | in a cell"),
      Setting.of("DEMO_USER", Types.text(), "", "user")));

  @TempDir
  Path dir;

  @Test
  void theTableListsTheFileVariableThenEverySetting() {
    assertEquals("""
        | variable | default | value | meaning |
        |---|---|---|---|
        | `DEMO_CONFIG_FILE` | unset (no file) | a path | a JSON file with any of the variables below as keys; the environment wins over it |
        | `DEMO_PORT` | `8000` | an integer (0–65535) | HTTP port (0 picks a free one) |
        | `DEMO_LOOPS` | number of cores | an integer (1–1024) | event loops |
        | `DEMO_TOKEN` | unset (open) | at least 16 characters | a \\| in a cell |
        | `DEMO_USER` | empty | text | user |
        """, SettingsTable.render(SETTINGS));
  }

  @Test
  void aPageWithTheRenderedTablePasses() throws IOException {
    Path page = dir.resolve("configuration.md");
    Files.writeString(page, "# Config\n\n" + SettingsTable.begin("demo") + "\n" + SettingsTable.render(SETTINGS)
        + SettingsTable.end("demo") + "\n\nMore prose.\n");
    SettingsTable.verify(SETTINGS, "demo", page);
  }

  @Test
  void aStaleTableFailsWithTheCommandThatRegeneratesIt() throws IOException {
    Path page = dir.resolve("configuration.md");
    String stale = "# Config\n\n" + SettingsTable.begin("demo") + "\n| old |\n" + SettingsTable.end("demo") + "\nEnd.\n";
    Files.writeString(page, stale);
    AssertionError e = assertThrows(AssertionError.class, () -> SettingsTable.verify(SETTINGS, "demo", page));
    assertTrue(e.getMessage().contains("-Dconfig.docs.update=true"), e.getMessage());
    assertEquals(stale, Files.readString(page), "not rewritten without the property");

    System.setProperty(SettingsTable.UPDATE_PROPERTY, "true");
    try {
      SettingsTable.verify(SETTINGS, "demo", page);
    } finally {
      System.clearProperty(SettingsTable.UPDATE_PROPERTY);
    }
    assertEquals("# Config\n\n" + SettingsTable.begin("demo") + "\n" + SettingsTable.render(SETTINGS)
        + SettingsTable.end("demo") + "\nEnd.\n", Files.readString(page), "only the table is rewritten");
    SettingsTable.verify(SETTINGS, "demo", page);
  }

  @Test
  void aPageWithoutTheMarkersSaysWhichToAdd() throws IOException {
    Path page = dir.resolve("configuration.md");
    Files.writeString(page, "# Config\n");
    AssertionError e = assertThrows(AssertionError.class, () -> SettingsTable.verify(SETTINGS, "demo", page));
    assertTrue(e.getMessage().contains(SettingsTable.begin("demo")), e.getMessage());
  }
}
