package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The router's REST calls over a pool of keep-alive connections, and dedicated connections for the
 * long polls. A held poll occupies its connection for up to the poll timeout, so polls must not share
 * the REST pool: one slow-answering page would otherwise hold back unrelated calls.
 *
 * <p>Create it on the event loop that will use it: its connections stay on that loop.
 */
public final class RouterClient implements Backend {

  private static final String FORM = "application/x-www-form-urlencoded";

  /** A REST reply that was not 200. */
  public static final class RouterReplyException extends RuntimeException {
    private final int status;
    private final long retryAfterMs;

    RouterReplyException(int status, String body) {
      super("router answered " + status + ": " + (body.length() > 200 ? body.substring(0, 200) : body));
      this.status = status;
      this.retryAfterMs = status == 503 ? retryAfterMs(body) : 0;
    }

    public int status() {
      return status;
    }

    /** A 503 (an overloaded, starting or paused node): the same call may be made again later. */
    public boolean retryable() {
      return status == 503;
    }

    /** How long to wait before asking again: the answer's {@code retry_after} seconds, else 1 s. */
    public long retryAfterMs() {
      return retryAfterMs;
    }

    private static long retryAfterMs(String body) {
      try {
        return Math.max(0, Math.round(new JsonObject(body).getNumber("retry_after", 1).doubleValue() * 1000));
      } catch (RuntimeException notJson) {
        return 1000;
      }
    }
  }

  private final RouterTarget target;
  private final HttpClientAgent rest;
  private final HttpClientAgent polls;
  private final long restTimeoutMs;

  public RouterClient(Vertx vertx, RouterTarget target, int restPoolSize, long restTimeoutMs) {
    this.target = target;
    this.restTimeoutMs = restTimeoutMs;
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        // Idle REST connections go away soon, so after the login burst they stop counting against the
        // router's (and our) 20,000-file limit.
        .setKeepAliveTimeout(10);
    if (target.bindsLocalAddress()) {
      options.setLocalAddress(target.localAddress());
    }
    this.rest = vertx.httpClientBuilder()
        .with(options)
        .with(new PoolOptions().setHttp1MaxSize(restPoolSize).setMaxWaitQueueSize(-1))
        .build();
    this.polls = vertx.httpClientBuilder()
        .with(new HttpClientOptions(options))
        .build();
  }

  public RouterTarget target() {
    return target;
  }

  /** {@code POST /presences/online}: logs a page in and returns its ticket. */
  public Future<String> online(String name, String nick, List<String> buddies) {
    return online(name, nick, buddies, List.of());
  }

  @Override
  public Future<String> online(String name, String nick, List<String> buddies, List<String> rooms) {
    FormBody form = auth().add("name", name).add("nick", nick);
    if (!buddies.isEmpty()) {
      form.add("buddies", String.join(",", buddies));
    }
    if (!rooms.isEmpty()) {
      form.add("rooms", String.join(",", rooms));
    }
    return post("/presences/online", form).map(body -> {
      String ticket = new JsonObject(body).getString("ticket");
      if (ticket == null || ticket.isEmpty()) {
        throw new IllegalStateException("online reply without ticket: " + body);
      }
      return ticket;
    });
  }

  /** {@code POST /presences/offline}; {@code all} ends every page of the user at once. */
  @Override
  public Future<Void> offline(String ticket, boolean all) {
    FormBody form = auth().add("ticket", ticket);
    if (all) {
      form.add("all", "1");
    }
    return post("/presences/offline", form).mapEmpty();
  }

  /** {@code POST /messages}, a unicast with the bench's id. */
  @Override
  public Future<MessageReceipt> message(String ticket, String to, String body, long id, boolean ack) {
    return send(ticket, to, "unicast", body, id, ack);
  }

  /** {@code POST /messages} with {@code type=multicast} to a room. */
  @Override
  public Future<MessageReceipt> multicast(String ticket, String room, String body, long id, boolean ack) {
    return send(ticket, room, "multicast", body, id, ack);
  }

  private Future<MessageReceipt> send(String ticket, String to, String type, String body, long id, boolean ack) {
    FormBody form = auth().add("ticket", ticket).add("to", to).add("body", body).add("id", id);
    if (!type.equals("unicast")) {
      form.add("type", type);
    }
    if (ack) {
      form.add("ack", "1");
    }
    return post("/messages", form).map(reply -> {
      if (!ack) {
        return new MessageReceipt(-1);
      }
      return new MessageReceipt(new JsonObject(reply).getInteger("delivered", -1));
    });
  }

  /** A connection of its own for one page's polls. */
  @Override
  public Future<HttpClientConnection> openPollConnection() {
    return polls.connect(new HttpConnectOptions()
        .setHost(target.host())
        .setPort(target.port())
        .setConnectTimeout(restTimeoutMs));
  }

  /** The poll request for {@code ticket}, JSONP with {@code callback}. */
  public RequestOptions pollRequest(String ticket, long cursor, String callback, long idleTimeoutMs) {
    String query = new FormBody()
        .add("domain", target.domain())
        .add("ticket", ticket)
        .add("callback", callback)
        .add("cursor", cursor)
        .toString();
    return new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(target.host())
        .setPort(target.port())
        .setURI("/packets?" + query)
        .setIdleTimeout(idleTimeoutMs);
  }

  @Override
  public RequestOptions pollRequest(PageSession page, long idleTimeoutMs) {
    return pollRequest(page.ticket(), page.cursor(), PageSession.CALLBACK, idleTimeoutMs);
  }

  @Override
  public boolean isEmptyStatus(int status) {
    return false;
  }

  @Override
  public PollReply parsePoll(HttpClientResponse response, Buffer body, PageSession page) {
    return PollReply.parse(body.toString(), PageSession.CALLBACK);
  }

  @Override
  public Future<Void> close() {
    return Future.all(rest.close(), polls.close()).mapEmpty();
  }

  private FormBody auth() {
    return new FormBody().add("domain", target.domain()).add("apikey", target.apikey());
  }

  private Future<String> post(String path, FormBody form) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(target.host())
        .setPort(target.port())
        .setURI(path)
        .setConnectTimeout(restTimeoutMs)
        .setIdleTimeout(restTimeoutMs)
        .putHeader("Content-Type", FORM);
    return rest.request(options)
        .compose(req -> req.send(form.toString()))
        .compose(resp -> resp.body().map(buf -> {
          String text = buf.toString();
          if (resp.statusCode() != 200) {
            throw new RouterReplyException(resp.statusCode(), text);
          }
          return text;
        }));
  }
}
