package org.nextim.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command line options of the form {@code --key value}. Every value a run reads, given or defaulted, is
 * remembered so that the result file states the full set of parameters it was produced with.
 */
public final class BenchArgs {

  private final Map<String, String> given;
  private final Set<String> read = new LinkedHashSet<>();
  private final JsonObject effective = new JsonObject();

  private BenchArgs(Map<String, String> given) {
    this.given = given;
  }

  /** Parses {@code --key value} pairs; {@code --key=value} is accepted too. */
  public static BenchArgs parse(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || a.length() == 2) {
        throw new IllegalArgumentException("expected --key value, got '" + a + "'");
      }
      String key = a.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("--" + key + " needs a value");
        }
        value = args.get(++i);
      }
      if (out.put(key, value) != null) {
        throw new IllegalArgumentException("--" + key + " given twice");
      }
    }
    return new BenchArgs(out);
  }

  public String string(String key, String dflt) {
    String v = given.getOrDefault(key, dflt);
    remember(key, v);
    return v;
  }

  public int integer(String key, int dflt) {
    return (int) longValue(key, dflt, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  public int integer(String key, int dflt, int min, int max) {
    return (int) longValue(key, dflt, min, max);
  }

  public long longValue(String key, long dflt, long min, long max) {
    String raw = given.get(key);
    long v;
    if (raw == null) {
      v = dflt;
    } else {
      try {
        v = Long.parseLong(raw.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + key + ": not a whole number: '" + raw + "'");
      }
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException("--" + key + ": must be in [" + min + ", " + max + "], got " + v);
    }
    remember(key, v);
    return v;
  }

  public boolean bool(String key, boolean dflt) {
    String raw = given.get(key);
    boolean v;
    if (raw == null) {
      v = dflt;
    } else if (raw.equals("true") || raw.equals("1")) {
      v = true;
    } else if (raw.equals("false") || raw.equals("0")) {
      v = false;
    } else {
      throw new IllegalArgumentException("--" + key + ": expected true or false, got '" + raw + "'");
    }
    remember(key, v);
    return v;
  }

  /** A comma-separated list of strings, e.g. {@code --inputs a.json,b.json}. */
  public List<String> list(String key, String dflt) {
    String raw = given.getOrDefault(key, dflt);
    List<String> out = new ArrayList<>();
    if (raw != null) {
      for (String s : raw.split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    remember(key, new JsonArray(new ArrayList<>(out)));
    return Collections.unmodifiableList(out);
  }

  /**
   * Fails on options nobody read: a typo such as {@code --user} must not silently run the default
   * scenario and produce a plausible but wrong result.
   */
  public void rejectUnknown() {
    for (String k : given.keySet()) {
      if (!read.contains(k)) {
        throw new IllegalArgumentException("unknown option --" + k);
      }
    }
  }

  /** Every option read so far with the value used, defaults included. */
  public JsonObject effective() {
    return effective.copy();
  }

  private void remember(String key, Object value) {
    read.add(key);
    effective.put(key, value);
  }
}
