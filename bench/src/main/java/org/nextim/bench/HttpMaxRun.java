package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closed loop at full speed: {@code --connections} keep-alive connections per shard, each with one request
 * in flight, re-sent as soon as the answer arrives, for {@code --duration-seconds} after
 * {@code --warmup-seconds}. Each request is a {@code POST /messages} as the throughput scenario sends it,
 * through the same Vert.x HTTP client. Against the trivial endpoint this is the most requests per second
 * the machine allows with this client.
 */
public final class HttpMaxRun {

  private HttpMaxRun() {
  }

  /** One shard's tally. */
  record Tally(long ok, long failed, Histogram latencyMicros) {
    Tally merge(Tally o) {
      Histogram h = latencyMicros.copy();
      h.add(o.latencyMicros);
      return new Tally(ok + o.ok, failed + o.failed, h);
    }
  }

  static final class LoopShard extends VerticleBase {
    private final RouterTarget target;
    private final int connections;
    private final String path;
    private HttpClientAgent client;
    private boolean recording;
    private boolean stopping;
    private long ok;
    private long failed;
    private final Histogram latency = LatencySummary.newHistogram();
    private final String body;

    LoopShard(RouterTarget target, int connections, String path) {
      this.target = target;
      this.connections = connections;
      this.path = path;
      this.body = new FormBody().add("domain", target.domain()).add("apikey", target.apikey())
          .add("ticket", "0123456789abcdef0123456789abcdef").add("to", "u12345").add("body", "m1 xxxxxxxxxxxxxxxxxxxxxxxxxxx")
          .add("id", 1).add("ack", "1").toString();
    }

    @Override
    public Future<?> start() {
      HttpClientOptions o = new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true);
      if (target.bindsLocalAddress()) {
        o.setLocalAddress(target.localAddress());
      }
      client = vertx.httpClientBuilder().with(o).with(new PoolOptions().setHttp1MaxSize(connections)
          .setMaxWaitQueueSize(-1)).build();
      for (int i = 0; i < connections; i++) {
        next();
      }
      return Future.succeededFuture();
    }

    private void next() {
      if (stopping) {
        return;
      }
      long t0 = System.nanoTime();
      RequestOptions r = new RequestOptions().setMethod(HttpMethod.POST).setHost(target.host()).setPort(target.port())
          .setURI(path).setIdleTimeout(10_000).putHeader("Content-Type", "application/x-www-form-urlencoded");
      client.request(r).compose(req -> req.send(body)).compose(resp -> resp.body().map(b -> resp.statusCode()))
          .onComplete(ar -> {
            if (recording) {
              if (ar.succeeded() && ar.result() == 200) {
                ok++;
                LatencySummary.recordMicros(latency, (System.nanoTime() - t0) / 1000);
              } else {
                failed++;
              }
            }
            next();
          });
    }

    Future<Void> record(boolean on) {
      Promise<Void> p = Promise.promise();
      context.runOnContext(v -> {
        recording = on;
        p.complete();
      });
      return p.future();
    }

    Future<Tally> finish() {
      Promise<Tally> p = Promise.promise();
      context.runOnContext(v -> {
        recording = false;
        stopping = true;
        p.complete(new Tally(ok, failed, latency.copy()));
      });
      return p.future();
    }
  }

  public static JsonObject run(BenchArgs args) throws Exception {
    RouterTarget target = RouterTarget.from(args);
    int shards = args.integer("shards", 2, 1, 64);
    int connections = args.integer("connections", 32, 1, 10_000);
    long warmup = args.longValue("warmup-seconds", 3, 0, 600);
    long duration = args.longValue("duration-seconds", 10, 1, 3600);
    String path = args.string("path", "/messages");
    args.rejectUnknown();
    JsonObject out = new JsonObject().put("scenario", "http-max").put("parameters", args.effective());
    List<LoopShard> loops = new ArrayList<>();
    ProcessCpu cpu0;
    ProcessCpu cpu1;
    long t0;
    long t1;
    Tally total = null;
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(shards));
    try {
      for (int i = 0; i < shards; i++) {
        LoopShard s = new LoopShard(target, connections, path);
        loops.add(s);
        GeneratorProcess.await(vertx.deployVerticle(s), 10_000);
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
      for (LoopShard s : loops) {
        GeneratorProcess.await(s.record(true), 10_000);
      }
      cpu0 = ProcessCpu.now();
      t0 = System.currentTimeMillis();
      Thread.sleep(TimeUnit.SECONDS.toMillis(duration));
      for (LoopShard s : loops) {
        Tally t = GeneratorProcess.await(s.finish(), 10_000);
        total = total == null ? t : total.merge(t);
      }
      cpu1 = ProcessCpu.now();
      t1 = System.currentTimeMillis();
    } finally {
      GeneratorProcess.await(vertx.close(), 10_000);
    }
    out.put("traffic_started_at_ms", t0).put("traffic_ended_at_ms", t1)
        .put("requests_ok", total.ok()).put("requests_failed", total.failed())
        .put("requests_per_second", Math.round(total.ok() * 10000.0 / (t1 - t0)) / 10.0)
        .put("latency_ms", LatencySummary.toJson(total.latencyMicros()))
        .put("generator_cpu", new JsonObject().put("traffic", cpu1.since(cpu0)));
    return out;
  }
}
