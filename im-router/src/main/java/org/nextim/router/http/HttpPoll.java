package org.nextim.router.http;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import org.nextim.router.core.HeldPoll;
import org.nextim.router.core.PollReply;
import org.nextim.router.core.Reply;
import org.nextim.router.core.RouterError;

/**
 * A {@code GET /packets} request as a {@link HeldPoll}: its answer becomes a {@link Reply} (JSON, or
 * JSONP with a callback) handed to {@code out} — the HTTP response here, or the event bus when the poll
 * was forwarded from another node.
 */
public final class HttpPoll implements HeldPoll {

  private final Context context;
  private final long cursor;
  private final String callback;
  private final Handler<Reply> out;

  public HttpPoll(Context context, long cursor, String callback, Handler<Reply> out) {
    this.context = context;
    this.cursor = cursor;
    this.callback = callback;
    this.out = out;
  }

  @Override
  public long cursor() {
    return cursor;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public void answer(PollReply reply) {
    out.handle(new Reply(200, callback != null ? Reply.JAVASCRIPT : Reply.JSON, reply.encode(callback)));
  }

  @Override
  public void pageEnded() {
    context.runOnContext(v -> out.handle(Reply.error(RouterError.invalidTicket(), false)));
  }
}
