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

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The router workload against Nchan (bench/nchan/nginx.conf): each user has a channel {@code /sub/NAME};
 * a message to a user is {@code POST /pub/NAME} with the message as body; a page long-polls its channel
 * walking the queue as Nchan documents it, sending back the previous answer's {@code Last-Modified} as
 * {@code If-Modified-Since} and its {@code Etag} as {@code If-None-Match}. With
 * {@code nchan_longpoll_multipart_response on} an answer may hold several messages (multipart/mixed);
 * message ids are read from the bodies ({@code m<id> ...}), whatever the framing. Nchan has no login:
 * "logging in" names the channel.
 */
public final class NchanClient implements Backend {

  /** A bench message body starts with {@code m<id> }. */
  static final Pattern MESSAGE_ID = Pattern.compile("(?:^|[\\r\\n])m(\\d+) ");

  /** Polling state of a page: the caching headers of the last answer. */
  record Position(String lastModified, String etag) {
  }

  private final RouterTarget target;
  private final HttpClientAgent rest;
  private final HttpClientAgent polls;
  private final long restTimeoutMs;

  public NchanClient(Vertx vertx, RouterTarget target, int restPoolSize, long restTimeoutMs) {
    this.target = target;
    this.restTimeoutMs = restTimeoutMs;
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
        .setKeepAliveTimeout(10);
    if (target.bindsLocalAddress()) {
      options.setLocalAddress(target.localAddress());
    }
    rest = vertx.httpClientBuilder().with(options)
        .with(new PoolOptions().setHttp1MaxSize(restPoolSize).setMaxWaitQueueSize(-1)).build();
    polls = vertx.httpClientBuilder().with(new HttpClientOptions(options)).build();
  }

  @Override
  public Future<String> online(String name, String nick, List<String> buddies, List<String> rooms) {
    return Future.succeededFuture(name);
  }

  @Override
  public Future<Void> offline(String ticket, boolean all) {
    return Future.succeededFuture();
  }

  @Override
  public Future<MessageReceipt> message(String ticket, String to, String body, long id, boolean ack) {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost(target.host())
        .setPort(target.port()).setURI("/pub/" + to).setConnectTimeout(restTimeoutMs)
        .setIdleTimeout(restTimeoutMs).putHeader("Content-Type", "text/plain");
    return rest.request(o).compose(req -> req.send(body)).compose(resp -> resp.body().map(b -> {
      // 201: queued with subscribers present, 202: queued without; both keep the message in the buffer.
      if (resp.statusCode() != 201 && resp.statusCode() != 202) {
        throw new RouterClient.RouterReplyException(resp.statusCode(), b.toString());
      }
      return new MessageReceipt(-1);
    }));
  }

  @Override
  public Future<MessageReceipt> multicast(String ticket, String room, String body, long id, boolean ack) {
    // Nchan has channels, not rooms with members: the rooms scenario runs against the router only.
    return Future.failedFuture(new IllegalStateException("the rooms scenario has no Nchan baseline"));
  }

  @Override
  public Future<HttpClientConnection> openPollConnection() {
    return polls.connect(new HttpConnectOptions().setHost(target.host()).setPort(target.port())
        .setConnectTimeout(restTimeoutMs));
  }

  @Override
  public RequestOptions pollRequest(PageSession page, long idleTimeoutMs) {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
        .setPort(target.port()).setURI("/sub/" + page.ticket()).setIdleTimeout(idleTimeoutMs);
    if (page.pollState() instanceof Position p) {
      if (p.lastModified() != null) {
        o.putHeader("If-Modified-Since", p.lastModified());
      }
      if (p.etag() != null) {
        o.putHeader("If-None-Match", p.etag());
      }
    }
    return o;
  }

  @Override
  public boolean isEmptyStatus(int status) {
    return status == 408 || status == 304;
  }

  @Override
  public PollReply parsePoll(HttpClientResponse response, Buffer body, PageSession page) {
    if (response.statusCode() != 200) {
      return new PollReply("ok", page.cursor(), List.of(), 0, 0, false);
    }
    String lm = response.getHeader("Last-Modified");
    String etag = response.getHeader("Etag");
    if (lm == null && etag == null) {
      throw new IllegalArgumentException("Nchan answer without Last-Modified and Etag");
    }
    page.pollState(new Position(lm, etag));
    return new PollReply("ok", page.cursor(), messageIds(body.toString()), 0, 0, false);
  }

  /** The bench messages in an answer body (one message, or several as multipart/mixed parts). */
  static List<PollReply.MessagePacket> messageIds(String body) {
    List<PollReply.MessagePacket> out = new ArrayList<>(1);
    Matcher m = MESSAGE_ID.matcher(body);
    while (m.find()) {
      out.add(new PollReply.MessagePacket(Long.parseLong(m.group(1)), null, null));
    }
    if (out.isEmpty() && !body.isEmpty()) {
      out.add(new PollReply.MessagePacket(PollReply.MessagePacket.NO_ID, null, null));
    }
    return out;
  }

  @Override
  public Future<Void> close() {
    return Future.all(rest.close(), polls.close()).mapEmpty();
  }
}
