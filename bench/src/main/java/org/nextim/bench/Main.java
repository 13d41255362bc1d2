package org.nextim.bench;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar bench.jar capacity|throughput|report [--key value ...]}: runs one bounded scenario
 * against a router on this machine and writes its JSON result to {@code --out} (or stdout).
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private static final String USAGE = """
      usage: java -jar bench.jar SCENARIO [--key value ...]
        capacity    log in --users users and hold their polls for --hold-seconds
        throughput  --users users hold polls; send --rate msg/s for --duration-seconds
                    (--room-size N: multicasts to rooms of N; --backend nchan: the same against Nchan)
        churn       --users users with --buddies; half log out and in at --rate per second
        http-max    closed-loop POSTs to a trivial endpoint for --duration-seconds: the box's request rate
        echo-server the trivial Vert.x endpoint http-max measures (runs for --seconds)
        report      merge a run directory written by bench/run.sh into JSON + Markdown
        gateway     against a community gateway: /webim/online of users with --buddies 10,500,5000 buddies
                    (latency, statements per call), then /webim/message throughput (--gateway-url,
                    --site-key, --jwt-secret; see GatewayRun)
      common: --host 127.0.0.1 --port 8000 --domain localhost --apikey public --local-address 127.0.0.2
              --users N --first-user K --shards S --out FILE   (see bench/README.md)""";

  private Main() {
  }

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  static int run(String[] argv) {
    if (argv.length == 0 || argv[0].equals("-h") || argv[0].equals("--help")) {
      System.err.println(USAGE);
      return argv.length == 0 ? 2 : 0;
    }
    String scenario = argv[0];
    BenchArgs args;
    String out;
    try {
      args = BenchArgs.parse(List.of(Arrays.copyOfRange(argv, 1, argv.length)));
      out = args.string("out", "");
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      return 2;
    }
    JsonObject result;
    int status = 0;
    Instant started = Instant.now();
    try {
      result = switch (scenario) {
        case "capacity" -> CapacityRun.run(args);
        case "throughput" -> ThroughputRun.run(args);
        case "churn" -> ChurnRun.run(args);
        case "http-max" -> HttpMaxRun.run(args);
        case "echo-server" -> EchoServer.run(args);
        case "report" -> RunReport.run(args);
        case "gateway" -> GatewayRun.run(args);
        default -> throw new IllegalArgumentException("unknown scenario '" + scenario + "'");
      };
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      return 2;
    } catch (Exception e) {
      log.error("{} run failed", scenario, e);
      result = new JsonObject().put("scenario", scenario).put("parameters", args.effective())
          .put("error", e.toString());
      status = 1;
    }
    result.put("started_at", started.toString()).put("finished_at", Instant.now().toString());
    try {
      if (out.isEmpty()) {
        System.out.println(result.encodePrettily());
      } else {
        Files.writeString(Path.of(out), result.encodePrettily() + "\n");
      }
    } catch (Exception e) {
      log.error("cannot write {}", out, e);
      return 1;
    }
    return status;
  }
}
