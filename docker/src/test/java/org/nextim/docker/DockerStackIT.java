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
 * for docker-compose, every file a Dockerfile copies exists once the jars are packaged, every image's
 * health check is its service's readiness, every variable the compose file or a Dockerfile hands a
 * service is one that service reads, and Prometheus scrapes every service.
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

  @Test
  void everyImageIsHealthyOnlyWhenItsServiceIsReady() throws IOException {
    for (String service : SERVICES) {
      String file = Files.readString(dockerfile(service));
      int at = file.indexOf("HEALTHCHECK ");
      assertTrue(at >= 0, service + ": its Dockerfile has a HEALTHCHECK");
      String check = file.substring(at, file.indexOf("\nENTRYPOINT", at));
      assertTrue(check.contains("GET /health/ready HTTP/1.0") && check.contains("grep -q \" 200 \""),
          service + ": its health check asks /health/ready for a 200: " + check);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesEveryServiceAndGrafanaHasTheDashboard() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    for (String s : List.of("prometheus", "grafana")) {
      assertTrue(services.containsKey(s), "compose runs " + s);
      for (Object v : (List<Object>) ((Map<String, Object>) services.get(s)).get("volumes")) {
        String mount = v.toString();
        if (mount.startsWith("./")) {
          Path local = COMPOSE.getParent().resolve(mount.substring(2, mount.indexOf(':')));
          assertTrue(Files.exists(local), s + " mounts " + local + ", which does not exist");
        }
      }
    }
    Map<String, Object> prometheus = new Yaml().load(Files.readString(ROOT.resolve("docker/prometheus/prometheus.yml")));
    Set<String> targets = new TreeSet<>();
    for (Object job : (List<Object>) prometheus.get("scrape_configs")) {
      Map<String, Object> j = (Map<String, Object>) job;
      assertEquals("/metrics", j.get("metrics_path"), j::toString);
      for (Object sc : (List<Object>) j.get("static_configs")) {
        targets.addAll((List<String>) ((Map<String, Object>) sc).get("targets"));
      }
    }
    assertEquals(Set.of("router1:8000", "router2:8000", "gateway:8080", "web:8081"), targets);
    for (String t : targets) {
      assertTrue(services.containsKey(t.substring(0, t.indexOf(':'))), "a scraped service exists: " + t);
    }

    String datasources = Files.readString(ROOT.resolve("docker/grafana/provisioning/datasources/prometheus.yml"));
    assertTrue(datasources.contains("uid: nextim-prometheus") && datasources.contains("http://prometheus:9090"), datasources);
    String dashboard = Files.readString(ROOT.resolve("docker/grafana/dashboards/nextim.json"));
    io.vertx.core.json.JsonObject dash = new io.vertx.core.json.JsonObject(dashboard);
    assertEquals("nextim", dash.getString("uid"));
    int queries = 0;
    String documented = Files.readString(ROOT.resolve("docs/router.md"))
        + Files.readString(ROOT.resolve("web-client/README.md"));
    Matcher series = Pattern.compile("\\b(nextim_[a-z_]+?)(?:_bucket|_sum|_count)?\\b").matcher("");
    for (Object p : dash.getJsonArray("panels")) {
      io.vertx.core.json.JsonObject panel = (io.vertx.core.json.JsonObject) p;
      if ("row".equals(panel.getString("type"))) {
        continue;
      }
      assertEquals("nextim-prometheus", panel.getJsonObject("datasource").getString("uid"), panel::encode);
      for (Object t : panel.getJsonArray("targets")) {
        String expr = ((io.vertx.core.json.JsonObject) t).getString("expr");
        queries++;
        series.reset(expr);
        while (series.find()) {
          String name = series.group(1);
          String base = name.replaceAll("_total$", "");
          assertTrue(documented.contains(name) || documented.contains(base + "_{") || documented.contains(base),
              "the dashboard queries " + name + ", which neither docs/router.md nor web-client/README.md lists");
        }
      }
    }
    assertTrue(queries >= 15, "the dashboard covers the series (" + queries + " queries)");
  }
}
