package org.nextim.gateway.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * The identity seam: who is calling. Fails with a 401 {@link org.nextim.gateway.ApiError} when the
 * request carries no identity or a bad one.
 */
public interface Identity {

  /** The caller of this request. */
  Future<Caller> authenticate(RoutingContext ctx);

  /** Signs a token for {@code userId} (demo login, tests); {@code ttlSeconds} 0 means no expiry. */
  String sign(String userId, String nick, long ttlSeconds);

  /** HS256 JWTs signed with {@code secret}, from the bearer header or the {@code webim_token} cookie. */
  static Identity jwt(Vertx vertx, String secret) {
    return new JwtIdentity(vertx, secret);
  }
}
