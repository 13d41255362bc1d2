package org.nextim.launcher.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All the settings of one service and how they are read: each from the environment, else from the
 * optional JSON file that {@link #fileVariable()} names (see {@link SettingsFile}), else its default. A
 * blank variable counts as unset (unless its setting takes blank values). A bad value, an unreadable
 * file or a key of the file that is no setting is a {@link ConfigException} naming it.
 */
public final class Settings {

  private final String fileVariable;
  private final Map<String, Setting<?>> byName;

  private Settings(String fileVariable, Map<String, Setting<?>> byName) {
    this.fileVariable = fileVariable;
    this.byName = byName;
  }

  /**
   * The settings of one service, in the order its documentation lists them.
   *
   * @param fileVariable the variable that names the optional file, e.g. {@code ROUTER_CONFIG_FILE}
   */
  public static Settings of(String fileVariable, List<Setting<?>> settings) {
    Map<String, Setting<?>> byName = new LinkedHashMap<>();
    for (Setting<?> s : settings) {
      if (byName.put(s.name(), s) != null || s.name().equals(fileVariable)) {
        throw new IllegalArgumentException("defined twice: " + s.name());
      }
    }
    return new Settings(fileVariable, Collections.unmodifiableMap(byName));
  }

  public String fileVariable() {
    return fileVariable;
  }

  public List<Setting<?>> all() {
    return List.copyOf(byName.values());
  }

  boolean defines(Setting<?> setting) {
    return byName.get(setting.name()) == setting;
  }

  /** Every setting at its default. */
  public SettingValues defaults() {
    return read(Map.of());
  }

  /**
   * Reads every setting from {@code env} (a process's environment, or a map with the same keys; other keys
   * are ignored), then from the file that {@code env} names in {@link #fileVariable()}, then the defaults.
   *
   * @throws ConfigException naming the variable, the value and what is expected
   */
  public SettingValues read(Map<String, String> env) {
    String fileName = env.get(fileVariable);
    Path file = fileName == null || fileName.isBlank() ? null : Path.of(fileName.trim());
    Map<String, String> fromFile = file == null ? Map.of() : SettingsFile.read(fileVariable, file);
    rejectUnknownKeys(fromFile, file);
    Map<String, Object> values = new HashMap<>();
    Set<String> given = new HashSet<>();
    for (Setting<?> s : byName.values()) {
      String raw = env.get(s.name());
      String where = "";
      if (absent(s, raw)) {
        raw = fromFile.get(s.name());
        where = ", in " + fileVariable + " " + file;
      }
      if (absent(s, raw)) {
        values.put(s.name(), s.defaultValue());
      } else {
        values.put(s.name(), parse(s, raw, where));
        given.add(s.name());
      }
    }
    return new SettingValues(this, values, given);
  }

  private static boolean absent(Setting<?> s, String raw) {
    return raw == null || (!s.blankIsAValue() && raw.isBlank());
  }

  private static Object parse(Setting<?> s, String raw, String where) {
    try {
      return s.type().parse(raw);
    } catch (IllegalArgumentException e) {
      String shown = s.secret() ? "a value of " + raw.length() + " characters (not shown)" : "\"" + raw + "\"";
      String detail = e instanceof ValueType.Invalid && !s.secret() ? ((ValueType.Invalid) e).detail() : null;
      throw new ConfigException(s.name() + ": " + shown + " is not " + s.type().expected()
          + (detail == null ? "" : " (" + detail + ")") + where);
    }
  }

  private void rejectUnknownKeys(Map<String, String> fromFile, Path file) {
    List<String> unknown = new ArrayList<>();
    for (String key : fromFile.keySet()) {
      if (!byName.containsKey(key)) {
        String near = nearest(key);
        unknown.add(near == null ? key : key + " (did you mean " + near + "?)");
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(fileVariable + ": " + file + " has " + (unknown.size() == 1 ? "a key" : "keys")
          + " that no setting has: " + String.join(", ", unknown)
          + " (the keys are the variable names of docs/configuration.md)");
    }
  }

  /**
   * The setting name within two edits of {@code key}, or that {@code key} is the start of (a unit suffix
   * left out: {@code _MS}, {@code _S}), if any: the likely typo.
   */
  private String nearest(String key) {
    String k = key.toUpperCase(java.util.Locale.ROOT);
    String best = null;
    int bestDistance = 3;
    for (String name : byName.keySet()) {
      int d = name.startsWith(k + "_") && name.length() - k.length() <= 3 ? 1 : distance(k, name);
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
