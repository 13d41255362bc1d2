package org.nextim.launcher.config;

import java.util.Map;
import java.util.Set;

/** The values of one read of a service's {@link Settings}: given, or the defaults. */
public final class SettingValues {

  private final Settings settings;
  private final Map<String, Object> values;
  private final Set<String> given;

  SettingValues(Settings settings, Map<String, Object> values, Set<String> given) {
    this.settings = settings;
    this.values = values;
    this.given = given;
  }

  /** The value of {@code setting}: as given, else its default (null for an unset optional setting). */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    requireDefined(setting);
    return (T) values.get(setting.name());
  }

  /** Whether {@code setting} was given (in the environment or the file) rather than defaulted. */
  public boolean given(Setting<?> setting) {
    requireDefined(setting);
    return given.contains(setting.name());
  }

  private void requireDefined(Setting<?> setting) {
    if (!settings.defines(setting)) {
      throw new IllegalStateException(setting.name() + " is not one of these settings (add it to the list)");
    }
  }
}
