package org.nextim.router.http;

import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import org.nextim.router.core.HeldPoll;
import org.nextim.router.core.PollReply;
import org.nextim.router.core.RouterError;

/** A {@code GET /packets} request as a {@link HeldPoll}: answers are written as JSON or JSONP. */
final class HttpPoll implements HeldPoll {

  private final HttpServerResponse response;
  private final Context context;
  private final long cursor;
  private final String callback;

  HttpPoll(HttpServerResponse response, Context context, long cursor, String callback) {
    this.response = response;
    this.context = context;
    this.cursor = cursor;
    this.callback = callback;
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
    if (response.ended() || response.closed()) {
      return;
    }
    response.putHeader(HttpHeaders.CACHE_CONTROL, Replies.NO_CACHE);
    if (callback != null) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, Replies.JAVASCRIPT)
          .putHeader(Replies.X_CONTENT_TYPE_OPTIONS, Replies.NOSNIFF);
    } else {
      response.putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON);
    }
    response.end(reply.encode(callback));
  }

  @Override
  public void pageEnded() {
    context.runOnContext(v -> Replies.error(response, RouterError.invalidTicket(), false));
  }
}
