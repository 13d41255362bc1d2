package org.nextim.router.admin;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.nextim.limits.LingeringClose;
import org.nextim.router.core.Apikeys;
import org.nextim.router.core.RouterError;
import org.nextim.router.core.Tenant;
import org.nextim.router.core.TenantLimits;
import org.nextim.router.core.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API ({@code /admin/api/*}, JSON in and out) behind {@code Authorization: Bearer
 * <ROUTER_ADMIN_TOKEN>}: the tenants (list with usage, create, show, rotate, limits, disable, enable,
 * delete) and the cluster's nodes and counters. Described in {@code openapi/admin-paths.json}. The
 * console's static files ({@link AdminConsole}) are served under {@code /admin/} without the token:
 * they hold no data, and the page asks for the token.
 */
public final class AdminApi implements Handler<HttpServerRequest> {

  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  static final String PREFIX = "/admin/api/";
  /** The paths {@link #route} answers, as templates ({@code {domain}}: a percent-encoded domain). */
  public static final List<String> PATHS = List.of(PREFIX + "domains", PREFIX + "domains/{domain}",
      PREFIX + "domains/{domain}/rotate", PREFIX + "domains/{domain}/limits", PREFIX + "domains/{domain}/disable",
      PREFIX + "domains/{domain}/enable", PREFIX + "domains/{domain}/users/{name}", PREFIX + "nodes", PREFIX + "stats");
  /** Admin requests are small; a larger body is refused before it is read. */
  static final int MAX_BODY_BYTES = 16 * 1024;
  private static final long MAX_OVERLAP_S = 30L * 24 * 3600;

  private final Tenants tenants;
  private final Stats stats;
  private final byte[] tokenDigest;
  private final long defaultOverlapS;
  private final AdminConsole console;

  public AdminApi(Tenants tenants, Stats stats, String token, long defaultOverlapS, AdminConsole console) {
    this.tenants = tenants;
    this.stats = stats;
    this.tokenDigest = Apikeys.digest(token);
    this.defaultOverlapS = defaultOverlapS;
    this.console = console;
  }

  /** Whether {@code path} is the admin API's or the console's. */
  public static boolean owns(String path) {
    return path.equals("/admin") || path.startsWith("/admin/");
  }

  /** 404 for every admin path: the admin API is off ({@code ROUTER_ADMIN_TOKEN} unset). */
  public static void off(HttpServerRequest req) {
    json(req.response(), 404, error("not_found", "no such call: " + req.path(), null));
  }

  @Override
  public void handle(HttpServerRequest req) {
    String path = req.path();
    if (!path.startsWith(PREFIX)) {
      console.handle(req);
      return;
    }
    HttpServerResponse resp = req.response();
    if (!authorized(req.getHeader(HttpHeaders.AUTHORIZATION))) {
      resp.putHeader("WWW-Authenticate", "Bearer realm=\"nextim-admin\"");
      json(resp, 401, error("authentication_failed", "the admin API needs Authorization: Bearer <ROUTER_ADMIN_TOKEN>", null));
      return;
    }
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && tooLong(length)) {
      tooLarge(req);
      return;
    }
    Buffer body = Buffer.buffer();
    req.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_BODY_BYTES) {
        tooLarge(req);
      } else if (!resp.ended()) {
        body.appendBuffer(chunk);
      }
    });
    req.endHandler(v -> {
      if (resp.ended()) {
        return;
      }
      Future<Reply> reply;
      try {
        reply = route(req.method(), path.substring(PREFIX.length()), body);
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onComplete(ar -> {
        Reply r = ar.succeeded() ? ar.result() : failure(req, ar.cause());
        if (r.body == null) {
          resp.setStatusCode(r.status).putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
        } else {
          json(resp, r.status, r.body);
        }
      });
    });
  }

  /**
   * 413 at once; the rest of the body is read and dropped before the connection closes (bounded:
   * {@link LingeringClose}), so the client, still sending, reads the answer instead of a reset
   * connection.
   */
  private static void tooLarge(HttpServerRequest req) {
    HttpServerResponse resp = req.response();
    if (!resp.ended()) {
      resp.putHeader(HttpHeaders.CONNECTION, "close");
      json(resp, 413, error("too_large", "request body larger than " + MAX_BODY_BYTES + " bytes", null))
          .onComplete(ar -> LingeringClose.after(req));
    }
  }

  /** Compares digests, so the time taken says nothing of the token, not even its length. */
  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(tokenDigest, Apikeys.digest(header.substring(7).trim()));
  }

  private static boolean tooLong(String length) {
    try {
      return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private record Reply(int status, JsonObject body) {
  }

  private Future<Reply> route(HttpMethod method, String rest, Buffer body) {
    String[] parts = rest.split("/", -1);
    if (parts.length == 1 && parts[0].equals("domains")) {
      if (method == HttpMethod.GET) {
        return list();
      }
      if (method == HttpMethod.POST) {
        return create(object(body, true));
      }
      return notAllowed("GET, POST");
    }
    if (parts.length == 1 && parts[0].equals("nodes")) {
      return method == HttpMethod.GET ? nodes() : notAllowed("GET");
    }
    if (parts.length == 1 && parts[0].equals("stats")) {
      return method == HttpMethod.GET ? stats() : notAllowed("GET");
    }
    if (parts.length == 4 && parts[0].equals("domains") && !parts[1].isEmpty() && parts[2].equals("users")
        && !parts[3].isEmpty()) {
      return method == HttpMethod.GET ? user(decode(parts[1], "domain"), decode(parts[3], "name")) : notAllowed("GET");
    }
    if (parts.length >= 2 && parts.length <= 3 && parts[0].equals("domains") && !parts[1].isEmpty()) {
      String domain = decode(parts[1], "domain");
      if (parts.length == 2) {
        if (method == HttpMethod.GET) {
          return show(domain);
        }
        if (method == HttpMethod.DELETE) {
          return tenants.delete(domain).map(v -> {
            log.info("admin: domain {} deleted", domain);
            return new Reply(204, null);
          });
        }
        return notAllowed("GET, DELETE");
      }
      switch (parts[2]) {
        case "rotate" -> {
          if (method != HttpMethod.POST) {
            return notAllowed("POST");
          }
          long overlap = overlap(object(body, false));
          return tenants.rotate(domain, overlap).map(r -> {
            log.info("admin: domain {} has a new apikey; the previous one is valid {} s more", domain, overlap);
            JsonObject out = describe(r.tenant()).put("apikey", r.apikey());
            out.put("previous_valid_until", r.tenant().previousValidUntilMs() > 0 ? r.tenant().previousValidUntilMs() : null);
            return new Reply(200, out);
          });
        }
        case "limits" -> {
          if (method != HttpMethod.PUT) {
            return notAllowed("PUT");
          }
          JsonObject json = object(body, true);
          Tenant t = tenants.get(domain);
          if (t == null) {
            throw RouterError.noSuchDomain(domain);
          }
          TenantLimits limits = TenantLimits.fromJson(json, t.limits());
          return tenants.setLimits(domain, limits).map(x -> new Reply(200, describe(x)));
        }
        case "disable", "enable" -> {
          if (method != HttpMethod.POST) {
            return notAllowed("POST");
          }
          boolean on = parts[2].equals("enable");
          return tenants.setEnabled(domain, on).map(x -> {
            log.info("admin: domain {} {}", domain, on ? "enabled" : "disabled");
            return new Reply(200, describe(x));
          });
        }
        default -> {
          return notFound(rest);
        }
      }
    }
    return notFound(rest);
  }

  private static String decode(String segment, String param) {
    try {
      return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw RouterError.invalid(param, "not a valid percent-encoded path segment");
    }
  }

  private Future<Reply> notAllowed(String allow) {
    return Future.succeededFuture(new Reply(405, error("method_not_allowed", "this path answers " + allow, null)
        .put("allow", allow)));
  }

  private static Future<Reply> notFound(String rest) {
    return Future.succeededFuture(new Reply(404, error("not_found", "no such call: " + PREFIX + rest, null)));
  }

  // ---- operations ----

  private Future<Reply> list() {
    return usage().map(usage -> {
      JsonArray out = new JsonArray();
      for (Tenant t : tenants.all()) {
        out.add(withUsage(describe(t), usage, t.domain()));
      }
      return new Reply(200, new JsonObject().put("domains", out).put("partial", usage.partial));
    });
  }

  private Future<Reply> show(String domain) {
    Tenant t = tenants.get(domain);
    if (t == null) {
      throw RouterError.noSuchDomain(domain);
    }
    return usage().map(usage -> new Reply(200, withUsage(describe(t), usage, domain).put("partial", usage.partial)));
  }

  private Future<Reply> create(JsonObject json) {
    Object name = json.getValue("domain");
    if (name == null) {
      throw RouterError.missing("domain");
    }
    if (!(name instanceof String domain)) {
      throw RouterError.invalid("domain", "a string");
    }
    for (String key : json.fieldNames()) {
      if (!key.equals("domain") && !key.equals("limits")) {
        throw RouterError.invalid(key, "unknown field (domain, limits)");
      }
    }
    Object l = json.getValue("limits");
    if (l != null && !(l instanceof JsonObject)) {
      throw RouterError.invalid("limits", "an object {messages_per_second, max_users_online}");
    }
    TenantLimits limits = TenantLimits.fromJson((JsonObject) l, TenantLimits.DEFAULTS);
    return tenants.create(domain, limits).map(c -> {
      log.info("admin: domain {} created", domain);
      return new Reply(201, describe(c.tenant()).put("apikey", c.apikey()));
    });
  }

  private long overlap(JsonObject json) {
    if (!json.containsKey("overlap_seconds")) {
      return defaultOverlapS;
    }
    Object v = json.getValue("overlap_seconds");
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0
        && n.doubleValue() <= MAX_OVERLAP_S) {
      return n.longValue();
    }
    throw RouterError.invalid("overlap_seconds", "an integer from 0 to " + MAX_OVERLAP_S);
  }

  private Future<Reply> nodes() {
    return stats.nodes().map(nodes -> {
      JsonArray out = new JsonArray();
      for (JsonObject n : nodes) {
        JsonObject row = n.copy();
        row.remove("domains");
        out.add(row);
      }
      return new Reply(200, new JsonObject().put("nodes", out));
    });
  }

  /**
   * Where one user is: its home directory entry (a cluster) and each node's view (its pages there, or
   * the node they were handed to). More than one node holding pages of one user is a double home.
   */
  private Future<Reply> user(String domain, String name) {
    if (tenants.get(domain) == null) {
      throw RouterError.noSuchDomain(domain);
    }
    Future<JsonObject> home = stats.home(domain, name);
    Future<List<JsonObject>> nodes = stats.user(domain, name);
    return Future.all(home, nodes).map(v -> {
      JsonArray out = new JsonArray();
      boolean partial = false;
      for (JsonObject n : nodes.result()) {
        out.add(n);
        partial |= !n.getBoolean("reachable", false);
      }
      return new Reply(200, new JsonObject().put("domain", domain).put("name", name).put("home", home.result())
          .put("nodes", out).put("partial", partial));
    });
  }

  private Future<Reply> stats() {
    return stats.nodes().map(nodes -> {
      JsonArray out = new JsonArray();
      nodes.forEach(out::add);
      return new Reply(200, new JsonObject().put("time", System.currentTimeMillis()).put("nodes", out));
    });
  }

  // ---- replies ----

  /** Online users and messages today per domain, summed over the nodes that answered. */
  private static final class Usage {
    final Map<String, long[]> byDomain = new HashMap<>();
    boolean partial;
  }

  private Future<Usage> usage() {
    return stats.nodes().map(nodes -> {
      Usage u = new Usage();
      for (JsonObject n : nodes) {
        if (!n.getBoolean("reachable", false)) {
          u.partial = true;
          continue;
        }
        JsonObject domains = n.getJsonObject("domains", new JsonObject());
        for (String d : domains.fieldNames()) {
          JsonObject s = domains.getJsonObject(d);
          long[] sum = u.byDomain.computeIfAbsent(d, k -> new long[2]);
          sum[0] += s.getLong("online", 0L);
          sum[1] += s.getLong("messages_today", 0L);
        }
      }
      return u;
    });
  }

  private static JsonObject withUsage(JsonObject tenant, Usage usage, String domain) {
    long[] sum = usage.byDomain.getOrDefault(domain, new long[2]);
    return tenant.put("online", sum[0]).put("messages_today", sum[1]);
  }

  /** A tenant as the API shows it (never a key digest). */
  static JsonObject describe(Tenant t) {
    JsonObject out = new JsonObject().put("domain", t.domain()).put("enabled", t.enabled())
        .put("created", t.createdMs()).put("limits", t.limits().toJson());
    if (t.previousValidUntilMs() > System.currentTimeMillis()) {
      out.put("previous_valid_until", t.previousValidUntilMs());
    }
    return out;
  }

  /** The body as a JSON object; an empty body is {} unless {@code required}. */
  private static JsonObject object(Buffer body, boolean required) {
    if (body.length() == 0) {
      if (required) {
        throw RouterError.missing("body");
      }
      return new JsonObject();
    }
    try {
      Object v = Json.decodeValue(body);
      if (v instanceof JsonObject o) {
        return o;
      }
    } catch (DecodeException e) {
      throw RouterError.invalid("body", "not JSON: " + e.getMessage());
    }
    throw RouterError.invalid("body", "a JSON object");
  }

  private static Reply failure(HttpServerRequest req, Throwable e) {
    if (e instanceof RouterError re) {
      return new Reply(re.status(), error(re.code(), re.getMessage(), re.param()));
    }
    log.error("{} {} failed", req.method(), req.path(), e);
    return new Reply(500, error("internal", "internal error", null));
  }

  static JsonObject error(String code, String message, String param) {
    JsonObject out = new JsonObject().put("error", code).put("message", message);
    if (param != null) {
      out.put("param", param);
    }
    return out;
  }

  static Future<Void> json(HttpServerResponse resp, int status, JsonObject body) {
    if (resp.ended()) {
      return Future.succeededFuture();
    }
    return resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader("X-Content-Type-Options", "nosniff")
        .end(body.encode());
  }
}
