package org.nextim.launcher.config;

/**
 * A configuration a service cannot start with; the message names the variable (or the file), the value
 * and what is expected, and is meant to be shown as it is, without a stack trace.
 */
public final class ConfigException extends IllegalArgumentException {

  public ConfigException(String message) {
    super(message);
  }
}
