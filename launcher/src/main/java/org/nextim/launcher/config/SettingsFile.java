package org.nextim.launcher.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration file: one JSON object whose keys are the variable names, e.g.
 * {@code {"ROUTER_PORT": 8000, "ROUTER_CLUSTER": true, "ROUTER_DOMAINS": "a.com=k1"}}. Strings, numbers
 * and booleans stand for the text a variable would hold; null is the same as leaving the key out.
 */
final class SettingsFile {

  private SettingsFile() {
  }

  /**
   * The file's entries as variable texts.
   *
   * @param variable the variable that named the file, for the error messages
   * @throws ConfigException when the file cannot be read, is not a JSON object, or has a nested value
   */
  static Map<String, String> read(String variable, Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(variable + ": cannot read " + path + " (" + reason(e) + ")");
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(variable + ": " + path + " is not a JSON object of variable names and values");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      if (v instanceof JsonObject || v instanceof JsonArray) {
        throw new ConfigException(variable + ": " + e.getKey() + " in " + path
            + " is not a string, number or boolean (lists are comma-separated strings, as in the environment)");
      }
      out.put(e.getKey(), String.valueOf(v));
    }
    return out;
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
