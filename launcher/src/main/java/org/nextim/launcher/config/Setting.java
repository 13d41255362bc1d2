package org.nextim.launcher.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One variable of a service's configuration: its name, its type, its default and what it does in one
 * line. Immutable; the {@code with…} methods return a changed copy.
 *
 * @param <T> the type of its value
 */
public final class Setting<T> {

  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

  private final String name;
  private final ValueType<T> type;
  private final T defaultValue;
  private final String defaultShown;
  private final String description;
  private final boolean secret;
  private final boolean blankIsAValue;

  private Setting(String name, ValueType<T> type, T defaultValue, String defaultShown, String description,
                  boolean secret, boolean blankIsAValue) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a setting's name is an environment variable name: " + name);
    }
    this.name = name;
    this.type = Objects.requireNonNull(type);
    this.defaultValue = defaultValue;
    this.defaultShown = defaultShown;
    this.description = Objects.requireNonNull(description);
    this.secret = secret;
    this.blankIsAValue = blankIsAValue;
  }

  /** A setting that is {@code defaultValue} unless given. */
  public static <T> Setting<T> of(String name, ValueType<T> type, T defaultValue, String description) {
    return new Setting<>(name, type, Objects.requireNonNull(defaultValue), null, description, false, false);
  }

  /** A setting that is unset (null) unless given; {@code whenUnset} says what that means, for the docs. */
  public static <T> Setting<T> optional(String name, ValueType<T> type, String whenUnset, String description) {
    return new Setting<>(name, type, null, whenUnset, description, false, false);
  }

  /** This setting with its default described in words, e.g. "number of cores" for a value that varies. */
  public Setting<T> withDefaultShown(String words) {
    return new Setting<>(name, type, defaultValue, words, description, secret, blankIsAValue);
  }

  /** This setting with its value never repeated in an error message (a key, a token, a password). */
  public Setting<T> withSecretValue() {
    return new Setting<>(name, type, defaultValue, defaultShown, description, true, blankIsAValue);
  }

  /**
   * This setting with a blank value handed to its type like any other, instead of meaning "unset" (a
   * password that may be empty, a list that must not be).
   */
  public Setting<T> withBlankAsAValue() {
    return new Setting<>(name, type, defaultValue, defaultShown, description, secret, true);
  }

  public String name() {
    return name;
  }

  public ValueType<T> type() {
    return type;
  }

  /** The value when it is not given; null for an optional setting. */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as the documentation shows it. */
  public String defaultShown() {
    if (defaultShown != null) {
      return defaultShown;
    }
    String shown = type.show(defaultValue);
    return shown.isEmpty() ? "empty" : "`" + shown + "`";
  }

  public String description() {
    return description;
  }

  public boolean secret() {
    return secret;
  }

  /** Whether a blank value is given to the type (else it means "unset"). */
  public boolean blankIsAValue() {
    return blankIsAValue;
  }

  @Override
  public String toString() {
    return name;
  }
}
