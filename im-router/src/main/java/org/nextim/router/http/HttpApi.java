package org.nextim.router.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.nextim.limits.LingeringClose;
import org.nextim.router.core.Broker;
import org.nextim.router.core.Domain;
import org.nextim.router.core.DomainMeters;
import org.nextim.router.core.Domains;
import org.nextim.router.core.Forwarder;
import org.nextim.router.core.JsonBytes;
import org.nextim.router.core.Limits;
import org.nextim.router.core.LocalCalls;
import org.nextim.router.core.Locator;
import org.nextim.router.core.Page;
import org.nextim.router.core.PollReply;
import org.nextim.router.core.PresenceInfo;
import org.nextim.router.core.Reply;
import org.nextim.router.core.RouterError;
import org.nextim.router.core.RouterNode;
import org.nextim.router.core.Show;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The router's HTTP face: where every request enters. It reads the body (up to the limit), checks the
 * tenant, and runs the call — here, or through the {@link Forwarder} on the node that holds the page
 * (cluster) — and writes the {@link Reply}. One instance serves all event loops; it keeps no
 * per-request state.
 */
public final class HttpApi implements Handler<HttpServerRequest>, LocalCalls {

  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private static final int MAX_CALLBACK = 256;
  /** Internal parameter of a login forwarded to the user's home: how many nodes it went through. */
  private static final String HOPS = "__hops";
  /** A login may follow the cluster's answer "the home is there" this often before it is retried later. */
  private static final int MAX_HOPS = 2;
  /** How often a stopping node looks whether its REST calls are answered. */
  private static final long FINISH_CHECK_MS = 20;
  /** The calls an overloaded node refuses (they add the load; see {@link LoadShedder}). */
  private static final Set<String> SHEDDABLE = Set.of("/messages", "/statuses", "/presences/online");

  /** A REST call: parameters in, reply out (or a {@link RouterError} thrown). */
  private interface Call {
    Future<Reply> handle(Domain domain, Params params);
  }

  private final Vertx vertx;
  /** How many rooms one {@code /room/members} call may ask for. */
  static final int MAX_ROOMS_PER_CALL = 500;

  private final RouterNode node;
  private final int maxBodyBytes;
  private final Limits limits;
  private final Locator locator;
  private final Forwarder forwarder;
  private final BooleanSupplier ready;
  /** How long a message's count is waited for (null: it is always known at once, on a single node). */
  private final ReplyDeadlines ackDeadlines;
  private final Domains domains;
  private final Map<String, Call> calls = new HashMap<>();
  private LoadShedder shedder = LoadShedder.OFF;
  /** REST calls read and not answered yet (not polls): a stopping node waits for them. */
  private final LongAdder inFlight = new LongAdder();
  /** A planned stop began: every reply says {@code Connection: close}, so no client sends here again. */
  private volatile boolean stopping;

  /** A single node: every call runs here. */
  public HttpApi(Vertx vertx, RouterNode node, Domains domains, int maxBodyBytes, Limits limits) {
    this(vertx, node, domains, maxBodyBytes, limits, Locator.LOCAL, null, () -> true, Long.MAX_VALUE);
  }

  /**
   * A node of a cluster: calls run where the {@code locator} says, through the {@code forwarder}; until
   * {@code ready} (the node has the cluster's state) every request is answered 503, retryable. A message
   * with {@code ack=1} whose count has not come back within {@code ackWithinMs} (a recipient's node is
   * slow) is answered 503: a retry with the same {@code id} gets the count once it is known.
   */
  public HttpApi(Vertx vertx, RouterNode node, Domains domains, int maxBodyBytes, Limits limits,
                 Locator locator, Forwarder forwarder, BooleanSupplier ready, long ackWithinMs) {
    this.vertx = vertx;
    this.ready = ready;
    this.ackDeadlines = ackWithinMs < Long.MAX_VALUE ? new ReplyDeadlines(vertx, ackWithinMs) : null;
    this.node = node;
    this.maxBodyBytes = maxBodyBytes;
    this.limits = limits;
    this.locator = locator;
    this.forwarder = forwarder;
    this.domains = domains;
    calls.put("/presences/online", this::online);
    calls.put("/presences/offline", this::offline);
    calls.put("/presences/show", this::show);
    calls.put("/statuses", this::statuses);
    calls.put("/messages", this::messages);
    calls.put("/onlines", this::onlines);
    calls.put("/room/members", this::members);
    calls.put("/room/join", this::join);
    calls.put("/room/leave", this::leave);
  }

  /** The paths this API answers: the REST calls, {@code /packets} and {@code /health}. */
  public Set<String> paths() {
    Set<String> paths = new TreeSet<>(calls.keySet());
    paths.add("/packets");
    paths.add("/health");
    return paths;
  }

  @Override
  public void handle(HttpServerRequest req) {
    if (stopping) {
      req.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    String path = req.path();
    if ("/health".equals(path)) {
      // For load balancers and container health checks: the process serves requests.
      Replies.write(req.response(), Reply.ok());
      return;
    }
    boolean packets = "/packets".equals(path);
    if (!packets && !calls.containsKey(path)) {
      Replies.write(req.response(), Reply.error(RouterError.notFound(path), false));
      return;
    }
    if (req.method() == HttpMethod.GET && !hasBody(req)) {
      dispatch(req, packets, null);
      return;
    }
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && parseLength(length) > maxBodyBytes) {
      tooLarge(req);
      return;
    }
    Buffer body = Buffer.buffer();
    req.handler(chunk -> {
      if (body.length() + chunk.length() > maxBodyBytes) {
        tooLarge(req);
      } else if (!req.response().ended()) {
        body.appendBuffer(chunk);
      }
    });
    req.endHandler(v -> {
      if (!req.response().ended()) {
        dispatch(req, packets, body);
      }
    });
  }

  /** REST calls read here, or forwarded here by other nodes, and not answered yet (polls are not counted). */
  public long callsInFlight() {
    return inFlight.sum();
  }

  /** A planned stop began: from now on every reply closes its connection, so clients go to another node. */
  public void stopping() {
    stopping = true;
  }

  /**
   * Completes once no REST call read here or forwarded here waits for its answer, or after {@code
   * limitMs}. Held polls are not waited for (the node answers them as it stops).
   */
  public Future<Void> finishCalls(long limitMs) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
    awaitNoCalls(done, deadline);
    return done.future();
  }

  private void awaitNoCalls(Promise<Void> done, long deadline) {
    long left = inFlight.sum();
    if (left <= 0) {
      done.complete();
    } else if (System.nanoTime() - deadline >= 0) {
      log.info("stopping with {} REST call(s) still unanswered", left);
      done.complete();
    } else {
      vertx.setTimer(FINISH_CHECK_MS, id -> awaitNoCalls(done, deadline));
    }
  }

  /** Refuses messages, typing notices and logins while {@code shedder} says the node is overloaded. */
  public HttpApi shedding(LoadShedder shedder) {
    this.shedder = shedder;
    return this;
  }

  private void dispatch(HttpServerRequest req, boolean packets, Buffer body) {
    HttpServerResponse resp = req.response();
    try {
      // A GET's (and HEAD's) parameters are its query string's: the deployed PHP client sends its
      // previous POST's body along with its next GET (protocol.md 2.1).
      boolean queryOnly = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD;
      Params params = Params.parse(req.uri(), req.getHeader(HttpHeaders.CONTENT_TYPE), queryOnly ? null : body);
      if (packets) {
        poll(req, params);
      } else {
        if (!ready.getAsBoolean()) {
          throw RouterError.unavailable("this node is starting or stopping; retry");
        }
        if (SHEDDABLE.contains(req.path()) && shedder.shedding()) {
          shedder.counted();
          throw RouterError.unavailable("this node is overloaded; retry", LoadShedder.retryAfterSeconds());
        }
        String domain = authenticate(params);
        if ("/presences/online".equals(req.path())) {
          // Per client address, on the node the login came to (a forwarded login is not counted again).
          limits.loginFrom(req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress());
        }
        Context context = vertx.getOrCreateContext();
        inFlight.increment();
        route(req.path(), domain, params).onComplete(ar -> {
          inFlight.decrement();
          writeOn(context, resp, ar.succeeded() ? ar.result() : failure(req.path(), ar.cause()));
        });
      }
    } catch (RuntimeException e) {
      Replies.write(resp, failure(req.path(), e));
    }
  }

  /**
   * Writes on the request's own event loop: a reply may be ready on another thread (the cluster's
   * answer, a timer), and the servers run in strict thread mode.
   */
  private void writeOn(Context context, HttpServerResponse resp, Reply reply) {
    if (Vertx.currentContext() == context) {
      write(resp, reply);
    } else {
      context.runOnContext(v -> write(resp, reply));
    }
  }

  private void write(HttpServerResponse resp, Reply reply) {
    if (stopping && !resp.headWritten()) {
      resp.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE); // read before the stop began
    }
    Replies.write(resp, reply);
  }

  /** Runs the call where it belongs: the node of its ticket, the home of a logging-in user, or here. */
  private Future<Reply> route(String path, String domain, Params params) {
    if (forwarder != null) {
      String ticket = params.optional("ticket");
      if (ticket != null) {
        String owner = ownerOf(domain, ticket);
        if (owner != null) {
          return forwardCall(owner, path, domain, params);
        }
      } else if ("/presences/online".equals(path)) {
        String home = locator.homeOf(domain, params.name("name"));
        if (home != null) {
          return forwardLogin(home, domain, params);
        }
      }
    }
    return runCall(path, domain, params);
  }

  /**
   * A login for another node (the user's home, or the node picked for it). If that node left the
   * cluster meanwhile, the login runs here: the cluster's claim decides where the user lives.
   */
  private Future<Reply> forwardLogin(String home, String domain, Params params) {
    int hops = hops(params);
    if (hops >= MAX_HOPS) {
      return Future.succeededFuture(failure("/presences/online",
          RouterError.unavailable("the user's home is moving; retry")));
    }
    Map<String, String> forwarded = new HashMap<>(params.asMap());
    forwarded.put(HOPS, Integer.toString(hops + 1));
    return forwarder.call(home, "/presences/online", domain, forwarded).recover(e -> {
      if (e instanceof RouterError re && "invalid_ticket".equals(re.code())) {
        return runCall("/presences/online", domain, Params.of(forwarded));
      }
      return Future.succeededFuture(failure("/presences/online", e));
    });
  }

  /**
   * A call for a page on another node. If that node left while the call waited on it, the page may
   * have moved (a handoff: the node told every node where each of its pages went before it left): the
   * call goes there, once, instead of answering "invalid ticket".
   */
  private Future<Reply> forwardCall(String owner, String path, String domain, Params params) {
    return forwarder.call(owner, path, domain, params.asMap()).recover(e -> {
      String ticket = params.optional("ticket");
      String moved = movedAway(e, domain, ticket, owner);
      if (moved == null) {
        return Future.succeededFuture(failure(path, e));
      }
      return moved.isEmpty() ? runCall(path, domain, params)
          : forwarder.call(moved, path, domain, params.asMap()).otherwise(e2 -> failure(path, e2));
    });
  }

  /**
   * Where the ticket's page is now, if the node {@code owner} failed because it left and the page
   * moved meanwhile: "" for this node, a node id, or null (it did not move: the failure stands).
   */
  private String movedAway(Throwable failure, String domain, String ticket, String owner) {
    if (ticket == null || !(failure instanceof RouterError re) || !"invalid_ticket".equals(re.code())) {
      return null;
    }
    try {
      String now = ownerOf(domain, ticket);
      return now == null ? "" : now.equals(owner) ? null : now;
    } catch (RouterError gone) {
      return null;
    }
  }

  /** The node holding the ticket's page, or null for this node (a page handed over here is found first). */
  private String ownerOf(String domain, String ticket) {
    return forwarder == null || node.hub().page(domain, ticket) != null ? null : locator.nodeOfTicket(ticket);
  }

  private static int hops(Params params) {
    String hops = params.optional(HOPS);
    try {
      return hops == null ? 0 : Integer.parseInt(hops);
    } catch (NumberFormatException e) {
      return MAX_HOPS;
    }
  }

  /**
   * Runs a call on this node; for calls forwarded by another node, which has authenticated them. A
   * stopping node waits for them as for the calls it read itself ({@link #finishCalls}): the node that
   * forwarded one would otherwise see this node leave without an answer and take the call on to where
   * the page went, to run it a second time there.
   */
  @Override
  public Future<Reply> run(String path, String domain, Map<String, String> params) {
    inFlight.increment();
    Future<Reply> reply;
    try {
      reply = runForwarded(path, domain, params);
    } catch (RuntimeException e) {
      inFlight.decrement();
      throw e;
    }
    return reply.onComplete(ar -> inFlight.decrement());
  }

  private Future<Reply> runForwarded(String path, String domain, Map<String, String> params) {
    if (!ready.getAsBoolean()) {
      return Future.succeededFuture(failure(path, RouterError.unavailable("this node is starting or stopping; retry")));
    }
    String ticket = params.get("ticket");
    if (ticket != null && !params.containsKey(HOPS)) {
      try {
        String owner = ownerOf(domain, ticket);
        if (owner != null) {
          // The page was handed to another node after the sender looked: once more, there.
          Map<String, String> again = new HashMap<>(params);
          again.put(HOPS, "1");
          return forwarder.call(owner, path, domain, again).otherwise(e -> failure(path, e));
        }
      } catch (RouterError e) {
        return Future.succeededFuture(failure(path, e));
      }
    }
    return runCall(path, domain, Params.of(params));
  }

  private Future<Reply> runCall(String path, String domain, Params params) {
    Call call = calls.get(path);
    if (call == null) {
      return Future.succeededFuture(Reply.error(RouterError.notFound(path), false));
    }
    try {
      Domain d = domains.get(domain);
      if (d == null) {
        throw RouterError.authenticationFailed(); // deleted while the call was on its way here
      }
      return call.handle(d, params).otherwise(e -> failure(path, e));
    } catch (RuntimeException e) {
      return Future.succeededFuture(failure(path, e));
    }
  }

  private static Reply failure(String path, Throwable e) {
    if (e instanceof RouterError re) {
      if (re.status() >= 500 && !re.retryable()) {
        log.warn("{}: {}", path, re.getMessage());
      } else if (log.isDebugEnabled()) {
        log.debug("{}: {} {}", path, re.status(), re.getMessage());
      }
      return Reply.error(re, !"/packets".equals(path));
    }
    if (e instanceof ReplyException) {
      // Not a bug here: another node could not run the call now.
      return Reply.error(RouterError.unavailable("another node could not answer: " + e.getMessage()),
          !"/packets".equals(path));
    }
    log.error("{} failed", path, e);
    return new Reply(500, Reply.JSON, new JsonObject().put("error", "internal")
        .put("message", "internal error").toBuffer());
  }

  /** Checks domain + apikey in constant time (see {@link Domains#authenticate}); returns the domain. */
  private String authenticate(Params params) {
    return domains.authenticate(params.optional("domain"), params.optional("apikey")).name();
  }

  // ---- GET /packets ----

  private void poll(HttpServerRequest req, Params params) {
    HttpServerResponse resp = req.response();
    String ticket = checkPoll(params);
    String callback = params.optional("callback");
    if (!ready.getAsBoolean()) {
      Replies.write(resp, pollFailure(callback, RouterError.unavailable("this node is starting or stopping; retry")));
      return;
    }
    String domain = params.required("domain");
    Domain served = domains.get(domain);
    if (served != null && !served.enabled()) {
      Replies.write(resp, failure("/packets", RouterError.domainDisabled()));
      return;
    }
    String target = ownerOf(domain, ticket);
    if (target != null) {
      Context context = vertx.getOrCreateContext();
      forwarder.poll(target, params.asMap()).onComplete(ar -> {
        String moved = ar.succeeded() ? null : movedAway(ar.cause(), domain, ticket, target);
        if (moved != null && !moved.isEmpty()) {
          // Its node left while the poll waited there, and the page went on elsewhere: poll there.
          forwarder.poll(moved, params.asMap()).onComplete(ar2 -> writeOn(context, resp,
              ar2.succeeded() ? ar2.result() : pollFailure(callback, ar2.cause())));
        } else if (moved != null) {
          // Moved here: answer at once (empty, same cursor); the widget's next poll is held here.
          writeOn(context, resp, new Reply(200, callback != null ? Reply.JAVASCRIPT : Reply.JSON,
              new PollReply(Math.max(0, params.cursor()), false, List.of()).encode(callback)));
        } else {
          writeOn(context, resp, ar.succeeded() ? ar.result() : pollFailure(callback, ar.cause()));
        }
      });
      return;
    }
    Page page = node.page(domain, ticket);
    long arrived = System.nanoTime();
    DomainMeters meters = page.user().meters();
    HttpPoll poll = new HttpPoll(vertx.getOrCreateContext(), params.cursor(), callback, reply -> {
      meters.pollAnswered(arrived);
      Replies.write(resp, reply);
    });
    resp.closeHandler(v -> page.pollClosed(poll));
    page.hold(poll, node.pollTimeoutMs());
  }

  /**
   * A poll that cannot be answered. "Retry later" goes to a JSONP poll as a script that runs (status 200,
   * {@code "status": "unavailable"}): a browser runs no script served with an error status, and the
   * widget must tell a slow node from a gone page. Other errors keep their status (a 404 fails the
   * script load, which is what the deployed clients take for a gone page) and their JSON body, as the
   * spec's error table says.
   */
  private static Reply pollFailure(String callback, Throwable e) {
    Reply reply = failure("/packets", e);
    if (reply.status() != 503 || callback == null
        || callback.length() > MAX_CALLBACK || !JsonpCallback.valid(callback)) {
      return reply;
    }
    JsonObject body = new JsonObject().put("status", "unavailable").put("error", "unavailable")
        .put("retryable", true).put("message", e.getMessage());
    return new Reply(200, Reply.JAVASCRIPT, Buffer.buffer(callback + "(" + body.encode() + ");"));
  }

  /**
   * Holds a poll that another node forwarded here; {@code out} gets the reply. Runs on {@code context}.
   */
  @Override
  public void holdPoll(Map<String, String> raw, Context context, Handler<Reply> out) {
    try {
      Params params = Params.of(raw);
      String ticket = checkPoll(params);
      String owner = raw.containsKey(HOPS) ? null : ownerOf(params.required("domain"), ticket);
      if (owner != null) {
        Map<String, String> again = new HashMap<>(raw);
        again.put(HOPS, "1");
        forwarder.poll(owner, again).onComplete(ar -> context.runOnContext(v -> out.handle(
            ar.succeeded() ? ar.result() : pollFailure(params.optional("callback"), ar.cause()))));
        return;
      }
      Page page = node.page(params.required("domain"), ticket);
      long arrived = System.nanoTime();
      DomainMeters meters = page.user().meters();
      page.hold(new HttpPoll(context, params.cursor(), params.optional("callback"), reply -> {
        meters.pollAnswered(arrived);
        out.handle(reply);
      }), node.pollTimeoutMs());
    } catch (RuntimeException e) {
      out.handle(failure("/packets", e));
    }
  }

  /** Validates a poll's parameters; returns its ticket. */
  private static String checkPoll(Params params) {
    String callback = params.optional("callback");
    if (callback != null && (callback.length() > MAX_CALLBACK || !JsonpCallback.valid(callback))) {
      throw RouterError.invalid("callback", "not a JavaScript identifier path");
    }
    params.cursor();
    params.required("domain");
    return params.required("ticket");
  }

  // ---- REST calls ----

  private Future<Reply> online(Domain d, Params p) {
    String domain = d.name();
    String name = p.name("name");
    String nick = p.required("nick");
    List<String> buddies = p.names("buddies");
    List<String> rooms = p.names("rooms");
    String show = p.show(false, Show.AVAILABLE);
    String status = p.optional("status");
    boolean v3 = "3".equals(p.optional("version"));
    limits.login(node.hub(), d, name);
    return node.login(domain, name, nick, buddies, rooms, show, status).compose(outcome -> {
      if (outcome instanceof RouterNode.Elsewhere elsewhere) {
        return forwarder == null
            ? Future.failedFuture(RouterError.unavailable("no home for the user now; retry"))
            : forwardLogin(elsewhere.node(), domain, p);
      }
      RouterNode.Login login = (RouterNode.Login) outcome;
      d.meters().login();
      JsonObject reply = new JsonObject().put("ticket", login.ticket());
      if (v3) {
        JsonArray roomList = new JsonArray();
        login.rooms().forEach((room, n) -> roomList.add(new JsonObject().put("name", room).put("total", n)));
        reply.put("rooms", roomList).put("buddies", presenceList(login.buddies()));
      } else {
        JsonObject buddyShows = new JsonObject();
        login.buddies().forEach(b -> buddyShows.put(b.name(), b.show()));
        reply.put("buddies", buddyShows)
            .put("roominfo", new JsonObject(new HashMap<>(login.rooms())))
            .put("clientnum", login.clientnum());
      }
      return Future.succeededFuture(Reply.json(reply));
    });
  }

  private Future<Reply> offline(Domain d, Params p) {
    Page page = node.page(d.name(), p.required("ticket"));
    return node.logout(page, p.flag("all")).map(v -> Reply.ok());
  }

  private Future<Reply> show(Domain d, Params p) {
    String ticket = p.required("ticket");
    String show = p.show(true, null);
    Page page = node.page(d.name(), ticket);
    return node.show(page, show, p.optional("nick"), p.optional("status")).map(v -> Reply.ok());
  }

  private Future<Reply> statuses(Domain d, Params p) {
    String ticket = p.required("ticket");
    String to = p.name("to");
    String show = p.required("show");
    String id = p.optional("id"); // extension: the message a receipt (show=read, delivered) is about
    if (id != null && id.length() > 128) {
      throw RouterError.invalid("id", "longer than 128 characters");
    }
    Page page = node.page(d.name(), ticket);
    limits.status(page);
    d.meters().sent("status");
    node.status(page, to, show, p.optional("nick"), id);
    return Future.succeededFuture(Reply.ok());
  }

  private Future<Reply> messages(Domain d, Params p) {
    String ticket = p.required("ticket");
    String type = p.optional("type", "unicast");
    if (!"unicast".equals(type) && !"multicast".equals(type) && !"broadcast".equals(type)) {
      throw RouterError.invalid("type", "one of unicast, multicast, broadcast");
    }
    String to = "broadcast".equals(type) ? p.optional("to") : p.name("to");
    String body = p.required("body");
    long timestamp = p.timestamp(System.currentTimeMillis());
    String id = p.optional("id");
    if (id != null && id.length() > 128) {
      throw RouterError.invalid("id", "longer than 128 characters");
    }
    boolean ack = p.flag("ack");
    Page page = node.page(d.name(), ticket);
    limits.message(page, d);
    DomainMeters meters = d.meters();
    Future<Integer> delivered = node.message(page, type, to, body, p.optional("nick"), p.optional("style"),
        timestamp, id, ack ? Broker.Count.NOW : Broker.Count.LATER);
    meters.sent(type); // counted once it was accepted (a refused one threw)
    delivered.onSuccess(n -> {
      if (n == 0) {
        meters.reachedNoPage();
      }
    });
    if (!ack) {
      return Future.succeededFuture(Reply.ok()); // queued, or on its way to the recipients' nodes
    }
    if (ackDeadlines != null) {
      delivered = ackDeadlines.within(delivered, () -> RouterError.unavailable(id == null
          ? "a recipient's node is slow: the message is on its way, its count is not known"
          : "a recipient's node is slow: the message is on its way; retry with the same id for its count"));
    }
    return delivered.map(n -> Reply.json(new JsonBytes().put("status", "ok").put("delivered", n)));
  }

  private Future<Reply> onlines(Domain d, Params p) {
    String domain = d.name();
    if (p.optional("names") == null) {
      throw RouterError.missing("names");
    }
    List<String> names = p.names("names");
    checkOptionalTicket(domain, p);
    List<PresenceInfo> online = node.onlines(domain, names);
    if ("3".equals(p.optional("version"))) {
      return Future.succeededFuture(Reply.json(presenceList(online).toBuffer()));
    }
    StringBuilder text = new StringBuilder();
    for (PresenceInfo info : online) {
      text.append(text.length() == 0 ? "" : ",").append(info.name());
    }
    return Future.succeededFuture(Reply.text(text.toString()));
  }

  /**
   * {@code room=r1}, or (an extension the gateway uses) {@code rooms=r1,r2,…} for several rooms in one
   * call, at most {@value #MAX_ROOMS_PER_CALL}: {@code {"r1": [{id, nick}], "r2": [...]}}.
   */
  private Future<Reply> members(Domain d, Params p) {
    String domain = d.name();
    List<String> rooms = p.optional("rooms") != null ? p.names("rooms") : List.of(p.name("room"));
    if (rooms.size() > MAX_ROOMS_PER_CALL) {
      throw RouterError.invalid("rooms", "at most " + MAX_ROOMS_PER_CALL + " rooms per call");
    }
    checkOptionalTicket(domain, p);
    JsonObject out = new JsonObject();
    for (String room : rooms) {
      JsonArray list = new JsonArray();
      for (RouterNode.Member m : node.members(domain, room)) {
        list.add(new JsonObject().put("id", m.id()).put("nick", m.nick()));
      }
      out.put(room, list);
    }
    return Future.succeededFuture(Reply.json(out));
  }

  private Future<Reply> join(Domain d, Params p) {
    String ticket = p.required("ticket");
    String room = p.name("room");
    Page page = node.page(d.name(), ticket);
    return node.join(page, room, p.optional("nick")).map(count -> Reply.json(new JsonObject().put(room, count)));
  }

  private Future<Reply> leave(Domain d, Params p) {
    String ticket = p.required("ticket");
    String room = p.name("room");
    Page page = node.page(d.name(), ticket);
    return node.leave(page, room, p.optional("nick")).map(v -> Reply.ok());
  }

  // ---- helpers ----

  private void checkOptionalTicket(String domain, Params p) {
    String ticket = p.optional("ticket");
    if (ticket != null) {
      node.page(domain, ticket);
    }
  }

  private static JsonArray presenceList(List<PresenceInfo> infos) {
    JsonArray list = new JsonArray();
    for (PresenceInfo b : infos) {
      list.add(new JsonObject().put("name", b.name()).put("nick", b.nick()).put("show", b.show())
          .put("status", b.status()));
    }
    return list;
  }

  private static boolean hasBody(HttpServerRequest req) {
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    return length != null && !"0".equals(length) || req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** 413, then close once the rest of the body is drained (bounded: {@link LingeringClose}). */
  private void tooLarge(HttpServerRequest req) {
    HttpServerResponse resp = req.response();
    if (resp.ended()) {
      return;
    }
    Reply reply = Reply.error(RouterError.tooLarge(maxBodyBytes), false);
    resp.setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType())
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .end(reply.body())
        .onComplete(ar -> LingeringClose.after(req));
  }
}
