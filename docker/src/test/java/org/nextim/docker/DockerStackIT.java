package org.nextim.docker;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Docker files, checked without a Docker engine (there is none here): the compose file is valid
 * for docker-compose, every file a Dockerfile copies exists once the jars are packaged, and every
 * variable the compose file or a Dockerfile hands a service is one that service reads.
 */
class DockerStackIT {

  private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
  private static final Path COMPOSE = ROOT.resolve("docker/compose.yml");
  private static final List<String> SERVICES = List.of("im-router", "community-gateway", "web-client");
  private static final Pattern VARIABLE = Pattern.compile("\\b((?:ROUTER|GATEWAY|WEB)_[A-Z0-9_]+)");

  @Test
  void theComposeFileIsValidForDockerCompose() throws Exception {
    boolean installed = Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "docker-compose")));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("docker-compose is not installed (.ci/run installs Debian's docker-compose)");
    }
    assumeTrue(installed, "docker-compose is not installed: apt-get install docker-compose");
    Process p = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
        .redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker-compose config hangs");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "docker-compose config -q:\n" + out);
  }

  @Test
  void everyFileTheDockerfilesCopyExistsAfterPackage() throws IOException {
    for (String service : SERVICES) {
      List<String> copies = new ArrayList<>();
      for (String line : Files.readAllLines(dockerfile(service))) {
        String[] words = line.trim().split("\\s+");
        if (words.length >= 3 && words[0].equals("COPY")) {
          for (int i = 1; i < words.length - 1; i++) {
            copies.add(words[i]);
          }
        }
      }
      assertFalse(copies.isEmpty(), service + ": its Dockerfile copies its jar");
      for (String source : copies) {
        assertTrue(Files.isRegularFile(ROOT.resolve(source)), service + ": COPY " + source + " does not exist");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyVariableHandedToAServiceIsOneItReads() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    int checked = 0;
    for (Map.Entry<String, Object> e : services.entrySet()) {
      Map<String, Object> service = (Map<String, Object>) e.getValue();
      Map<String, Object> build = (Map<String, Object>) service.get("build");
      if (build == null) {
        continue; // an upstream image (PostgreSQL): its variables are its own
      }
      String module = moduleOf((String) build.get("dockerfile"));
      Set<String> reads = variablesRead(module);
      Map<String, Object> env = (Map<String, Object>) service.get("environment");
      assertFalse(env == null || env.isEmpty(), e.getKey() + " is configured by environment");
      for (String name : env.keySet()) {
        assertTrue(reads.contains(name), e.getKey() + " sets " + name + ", which " + module + " never reads");
        checked++;
      }
    }
    for (String service : SERVICES) {
      Set<String> reads = variablesRead(service);
      Matcher m = VARIABLE.matcher(Files.readString(dockerfile(service)));
      while (m.find()) {
        assertTrue(reads.contains(m.group(1)), service + "'s Dockerfile uses " + m.group(1) + ", which it never reads");
      }
    }
    assertTrue(checked >= 20, "the compose file sets the services' settings (" + checked + " checked)");
  }

  /** The variables a service's own code and configuration files name. */
  private static Set<String> variablesRead(String module) throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.toString().endsWith(".java") || f.toString().endsWith(".xml")) {
          Matcher m = VARIABLE.matcher(Files.readString(f));
          while (m.find()) {
            names.add(m.group(1));
          }
        }
      }
    }
    return names;
  }

  private static Path dockerfile(String service) {
    return ROOT.resolve("docker").resolve(service + ".Dockerfile");
  }

  private static String moduleOf(String dockerfile) {
    String name = Path.of(dockerfile).getFileName().toString();
    String module = name.substring(0, name.length() - ".Dockerfile".length());
    assertTrue(SERVICES.contains(module), "unknown Dockerfile " + dockerfile);
    return module;
  }
}
