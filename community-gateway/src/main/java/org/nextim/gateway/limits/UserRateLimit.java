package org.nextim.gateway.limits;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.nextim.gateway.ApiError;
import org.nextim.gateway.identity.Identity;
import org.nextim.limits.KeyedBuckets;
import org.nextim.limits.RateLimit;

import java.util.concurrent.TimeUnit;

/**
 * Requests per user on the browser API ({@code GATEWAY_LIMIT_USER_REQUESTS}): a route handler in front
 * of {@code /webim/*}. A request over its user's rate fails with 429 {@code rate_limited} and
 * {@code Retry-After} before it does anything. The user is the verified token's subject; a request
 * without a valid identity goes on untouched (the API answers it 401). Buckets are bounded
 * ({@link KeyedBuckets}); with several gateway instances each counts its own requests.
 */
public final class UserRateLimit implements Handler<RoutingContext> {

  private final Identity identity;
  private final KeyedBuckets buckets;

  public UserRateLimit(Identity identity, RateLimit limit, int maxKeys) {
    this.identity = identity;
    this.buckets = new KeyedBuckets(limit, maxKeys);
  }

  @Override
  public void handle(RoutingContext ctx) {
    io.vertx.core.Future<org.nextim.gateway.identity.Caller> caller;
    try {
      caller = identity.authenticate(ctx);
    } catch (RuntimeException e) {
      ctx.next(); // the API answers it
      return;
    }
    caller.onComplete(ar -> {
      if (ar.failed()) {
        ctx.next();
        return;
      }
      long waitNs = buckets.take(ar.result().id(), System.nanoTime());
      if (waitNs == 0) {
        ctx.next();
      } else {
        int seconds = (int) Math.max(1, Math.min(3600, (TimeUnit.NANOSECONDS.toMillis(waitNs) + 999) / 1000));
        // Also in the body: a page on another origin cannot read Retry-After.
        ctx.fail(ApiError.rateLimited("too many requests from this user; retry in " + seconds + " s", seconds)
            .with("retry_after", seconds));
      }
    });
  }
}
