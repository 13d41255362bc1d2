package org.nextim.router.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.nextim.router.core.Forwarder;
import org.nextim.router.core.LocalCalls;
import org.nextim.router.core.Reply;
import org.nextim.router.core.RouterError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * {@link Forwarder} over the event bus, with honest failures: a node that has left the cluster fails
 * the call with "invalid ticket" (its pages are gone), at once, also for calls already waiting on it;
 * a node that is still a member but does not answer in time (slow, paused) fails it with 503
 * "unavailable", retryable with the same ticket.
 */
final class Forwarding implements Forwarder {

  private static final Logger log = LoggerFactory.getLogger(Forwarding.class);

  private final Vertx vertx;
  private final long callTimeoutMs;
  private final long pollTimeoutMs;
  private final Predicate<String> member;
  /** Calls and polls waiting on each node: failed at once when that node leaves. */
  private final Map<String, Set<Promise<Reply>>> waiting = new ConcurrentHashMap<>();

  Forwarding(Vertx vertx, long callTimeoutMs, long pollTimeoutMs, Predicate<String> member) {
    this.vertx = vertx;
    this.callTimeoutMs = callTimeoutMs;
    this.pollTimeoutMs = pollTimeoutMs;
    this.member = member;
  }

  @Override
  public Future<Reply> call(String node, String path, String domain, Map<String, String> params) {
    return send(node, "call", CallCodec.request(path, domain, params), callTimeoutMs);
  }

  @Override
  public Future<Reply> poll(String node, Map<String, String> params) {
    return send(node, "poll", CallCodec.request("/packets", params.get("domain"), params),
        pollTimeoutMs + callTimeoutMs);
  }

  private Future<Reply> send(String node, String op, Buffer request, long timeoutMs) {
    if (!member.test(node)) {
      return Future.failedFuture(RouterError.invalidTicket());
    }
    Promise<Reply> promise = Promise.promise();
    Set<Promise<Reply>> onNode = waiting.computeIfAbsent(node, n -> ConcurrentHashMap.newKeySet());
    onNode.add(promise);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader("op", op);
    vertx.eventBus().<Buffer>request(ClusterNode.controlAddress(node), request, options).onComplete(ar -> {
      onNode.remove(promise);
      if (ar.succeeded()) {
        promise.tryComplete(CallCodec.decodeReply(ar.result().body()));
      } else {
        promise.tryFail(classify(node, ar.cause(), timeoutMs));
      }
    });
    return promise.future();
  }

  private RouterError classify(String node, Throwable cause, long timeoutMs) {
    if (!member.test(node)) {
      return RouterError.invalidTicket();
    }
    if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
      log.debug("node {} did not answer within {} ms", node, timeoutMs);
      return RouterError.unavailable("the node holding this page did not answer within " + timeoutMs + " ms; retry");
    }
    log.debug("node {} could not take a call: {}", node, cause.getMessage());
    return RouterError.unavailable("the node holding this page cannot answer now; retry");
  }

  /** {@code node} left the cluster: what waits on it fails now, not at its timeout. */
  void nodeLeft(String node) {
    Set<Promise<Reply>> onNode = waiting.remove(node);
    if (onNode != null) {
      onNode.forEach(p -> p.tryFail(RouterError.invalidTicket()));
    }
  }

  /** Serves a forwarded call or poll that arrived here. */
  static void serve(Message<Buffer> msg, LocalCalls calls, Context context) {
    CallCodec.Request req;
    try {
      req = CallCodec.decodeRequest(msg.body());
    } catch (RuntimeException e) {
      msg.fail(LinkProtocol.VERSION_MISMATCH, e.getMessage());
      return;
    }
    if ("poll".equals(msg.headers().get("op"))) {
      calls.holdPoll(req.params(), context, r -> msg.reply(CallCodec.reply(r)));
    } else {
      calls.run(req.path(), req.domain(), req.params()).onComplete(ar -> {
        if (ar.succeeded()) {
          msg.reply(CallCodec.reply(ar.result()));
        } else {
          msg.fail(500, String.valueOf(ar.cause()));
        }
      });
    }
  }
}
