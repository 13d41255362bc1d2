package org.nextim.launcher.config;

/**
 * How one setting's text becomes a value: the parser, and what it accepts in words (for the error that
 * names a bad value and for the documentation table).
 *
 * @param <T> the parsed value
 */
public interface ValueType<T> {

  /**
   * The value of {@code text} (never blank unless the setting takes blank values).
   *
   * @throws IllegalArgumentException when {@code text} is not one of {@link #expected()}; an {@link Invalid}
   *     may say which part is wrong
   */
  T parse(String text);

  /** What is accepted, completing "is not …", e.g. {@code an integer (0–65535)}. */
  String expected();

  /** How a value is written back (defaults in the documentation); the inverse of {@link #parse}. */
  default String show(T value) {
    return String.valueOf(value);
  }

  /** A parse failure that can say more than {@link #expected()}, e.g. which element of a list is wrong. */
  final class Invalid extends IllegalArgumentException {
    private final String detail;

    public Invalid(String detail) {
      super(detail);
      this.detail = detail;
    }

    /** What exactly is wrong, or null. */
    public String detail() {
      return detail;
    }
  }
}
