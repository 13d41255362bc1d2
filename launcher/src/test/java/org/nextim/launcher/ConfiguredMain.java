package org.nextim.launcher;

import org.nextim.launcher.config.Setting;
import org.nextim.launcher.config.Settings;
import org.nextim.launcher.config.Types;

import java.util.List;

/** A service's main in miniature for {@link ConfigurationExitTest}: reads DEMO_PORT and prints it. */
public final class ConfiguredMain {

  private static final Setting<Integer> PORT = Setting.of("DEMO_PORT", Types.integer(0, 65535), 8000, "HTTP port");
  private static final Settings SETTINGS = Settings.of("DEMO_CONFIG_FILE", List.of(PORT));

  private ConfiguredMain() {
  }

  public static void main(String[] args) {
    int port = ServiceLauncher.configuration("demo", System.getenv(), env -> SETTINGS.read(env).get(PORT));
    System.out.println("port " + port);
  }
}
