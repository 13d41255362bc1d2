package org.nextim.launcher.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The value types the services' settings share: numbers in a range, booleans, text, URLs, lists. */
public final class Types {

  private Types() {
  }

  /** A whole number from {@code min} to {@code max}; {@link Integer#MAX_VALUE} means no upper bound. */
  public static ValueType<Integer> integer(int min, int max) {
    ValueType<Long> wide = longInteger(min, max == Integer.MAX_VALUE ? Long.MAX_VALUE : max);
    return new ValueType<>() {
      @Override
      public Integer parse(String text) {
        long v = wide.parse(text);
        if (v > max) {
          throw new IllegalArgumentException("too large"); // only past 2^31 - 1 when max says "at least"
        }
        return (int) v;
      }

      @Override
      public String expected() {
        return wide.expected();
      }
    };
  }

  /** A whole number from {@code min} to {@code max}; {@link Long#MAX_VALUE} means no upper bound. */
  public static ValueType<Long> longInteger(long min, long max) {
    String range = max == Long.MAX_VALUE ? "at least " + min : min + "–" + max;
    return new ValueType<>() {
      @Override
      public Long parse(String text) {
        long v = Long.parseLong(text.trim()); // a NumberFormatException is an IllegalArgumentException
        if (v < min || v > max) {
          throw new IllegalArgumentException("out of range");
        }
        return v;
      }

      @Override
      public String expected() {
        return "an integer (" + range + ")";
      }
    };
  }

  /** {@code true} or {@code false} (also {@code 1}/{@code 0}, {@code yes}/{@code no}, {@code on}/{@code off}). */
  public static ValueType<Boolean> bool() {
    return new ValueType<>() {
      @Override
      public Boolean parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
          case "true": case "1": case "yes": case "on": return true;
          case "false": case "0": case "no": case "off": return false;
          default: throw new IllegalArgumentException("not a boolean");
        }
      }

      @Override
      public String expected() {
        return "true or false";
      }
    };
  }

  /** Any text, without its surrounding white space. */
  public static ValueType<String> text() {
    return custom("text", Function.identity());
  }

  /** Any text exactly as given, surrounding white space included (a password). */
  public static ValueType<String> verbatim() {
    return new ValueType<>() {
      @Override
      public String parse(String text) {
        return text;
      }

      @Override
      public String expected() {
        return "text";
      }
    };
  }

  /** Text of at least {@code min} characters (a token that guards something). */
  public static ValueType<String> token(int min) {
    return custom("at least " + min + " characters", s -> {
      if (s.length() < min) {
        throw new IllegalArgumentException("too short");
      }
      return s;
    });
  }

  /** An {@code http://} or {@code https://} URL; one trailing slash is dropped. */
  public static ValueType<String> httpUrl() {
    return custom("an http:// or https:// URL", s -> {
      if (!s.startsWith("http://") && !s.startsWith("https://")) {
        throw new IllegalArgumentException("not http");
      }
      return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    });
  }

  /** One of {@code choices}, exactly as written there. */
  public static ValueType<String> oneOf(String... choices) {
    List<String> all = List.of(choices);
    String words = all.size() == 2 ? all.get(0) + " or " + all.get(1)
        : "one of " + String.join(", ", all);
    return custom(words, s -> {
      if (!all.contains(s)) {
        throw new IllegalArgumentException("not a choice");
      }
      return s;
    });
  }

  /**
   * Comma-separated elements of {@code element}, each without surrounding white space; empty elements are
   * skipped. The error names the first bad element.
   */
  public static <T> ValueType<List<T>> list(ValueType<T> element) {
    return new ValueType<>() {
      @Override
      public List<T> parse(String text) {
        List<T> out = new ArrayList<>();
        for (String part : text.split(",")) {
          String p = part.trim();
          if (p.isEmpty()) {
            continue;
          }
          try {
            out.add(element.parse(p));
          } catch (IllegalArgumentException e) {
            throw new ValueType.Invalid("'" + p + "' is not " + element.expected());
          }
        }
        return List.copyOf(out);
      }

      @Override
      public String expected() {
        return "a comma-separated list of " + element.expected();
      }

      @Override
      public String show(List<T> value) {
        return value.stream().map(element::show).collect(Collectors.joining(","));
      }
    };
  }

  /**
   * A composite format of a service's own ({@code RATE:BURST}, {@code domain=apikey,...}): {@code parse}
   * gets the text without surrounding white space and throws an IllegalArgumentException when it is not
   * {@code expected}.
   */
  public static <T> ValueType<T> custom(String expected, Function<String, T> parse) {
    return custom(expected, parse, String::valueOf);
  }

  /** {@link #custom(String, Function)} with the way a value is written back. */
  public static <T> ValueType<T> custom(String expected, Function<String, T> parse, Function<T, String> show) {
    return new ValueType<>() {
      @Override
      public T parse(String text) {
        return parse.apply(text.trim());
      }

      @Override
      public String expected() {
        return expected;
      }

      @Override
      public String show(T value) {
        return show.apply(value);
      }
    };
  }
}
