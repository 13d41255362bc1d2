package org.nextim.gateway.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import org.nextim.gateway.ApiError;
import org.nextim.gateway.http.Ids;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Site-signed HS256 tokens through vertx-auth-jwt. Before the library sees a token, its header must
 * name HS256: that refuses {@code alg: none} and algorithm-confusion tricks whatever the library does.
 * The library then checks the signature and, when present, {@code exp}.
 */
final class JwtIdentity implements Identity {

  static final String COOKIE = "webim_token";
  private static final int MAX_TOKEN = 8192;
  private static final String[] TIME_CLAIMS = {"exp", "iat", "nbf"};

  private final JWTAuth auth;

  JwtIdentity(Vertx vertx, String secret) {
    this.auth = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(new JWTOptions().setAlgorithm("HS256").setLeeway(0)));
  }

  @Override
  public Future<Caller> authenticate(RoutingContext ctx) {
    Caller.Credential credential = bearer(ctx) != null ? Caller.Credential.BEARER : Caller.Credential.COOKIE;
    String token = token(ctx);
    if (token == null) {
      return Future.failedFuture(ApiError.unauthorized("no token: send Authorization: Bearer <jwt> or the "
          + COOKIE + " cookie"));
    }
    if (token.length() > MAX_TOKEN || !hs256(token)) {
      return Future.failedFuture(ApiError.unauthorized("invalid token"));
    }
    String claimsError = claimsError(token);
    if (claimsError != null) {
      return Future.failedFuture(ApiError.unauthorized("invalid token: " + claimsError));
    }
    Future<User> checked;
    try {
      checked = auth.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      checked = Future.failedFuture(e); // the library throws on some malformed tokens instead of failing
    }
    return checked
        .recover(e -> Future.failedFuture(ApiError.unauthorized("invalid token: " + e.getMessage())))
        .compose(user -> {
          JsonObject claims = user.principal();
          String sub = claims.getValue("sub") instanceof String s ? s : null;
          if (sub == null || !Ids.valid(sub)) {
            return Future.failedFuture(ApiError.unauthorized("invalid token: sub must be a user id"));
          }
          return Future.succeededFuture(new Caller(sub, string(claims, "nick"), string(claims, "pic_url"),
              string(claims, "url"), credential));
        });
  }

  private static String string(JsonObject claims, String key) {
    Object v = claims.getValue(key);
    return v instanceof String s && !s.isBlank() ? s : null;
  }

  /** The bearer token, null without one (also for an empty one). */
  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String t = header.substring(7).trim();
      return t.isEmpty() ? null : t;
    }
    return null;
  }

  private static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return bearer(ctx);
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie != null && !cookie.getValue().isBlank()) {
      return cookie.getValue().trim();
    }
    return null;
  }

  /** True when the token's header is a JSON object with {@code "alg": "HS256"}. */
  private static boolean hs256(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      byte[] raw = Base64.getUrlDecoder().decode(token.substring(0, dot));
      JsonObject header = new JsonObject(new String(raw, StandardCharsets.UTF_8));
      return "HS256".equals(header.getValue("alg"));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return false;
    }
  }

  /**
   * Why the token's claims cannot be checked, or null. The library casts {@code exp}, {@code iat} and
   * {@code nbf} to numbers and throws on anything else; those must be JSON numbers when present.
   */
  private static String claimsError(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return "not a JWT";
    }
    JsonObject claims;
    try {
      Object parsed = Json.decodeValue(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      if (!(parsed instanceof JsonObject o)) {
        return "the claims are not a JSON object";
      }
      claims = o;
    } catch (IllegalArgumentException | DecodeException e) {
      return "the claims are not base64url JSON";
    }
    for (String time : TIME_CLAIMS) {
      if (claims.containsKey(time) && !(claims.getValue(time) instanceof Number)) {
        return time + " must be a number of seconds";
      }
    }
    return null;
  }

  @Override
  public String sign(String userId, String nick, long ttlSeconds) {
    JsonObject claims = new JsonObject().put("sub", userId);
    if (nick != null) {
      claims.put("nick", nick);
    }
    JWTOptions options = new JWTOptions().setAlgorithm("HS256");
    if (ttlSeconds > 0) {
      options.setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttlSeconds));
    }
    return auth.generateToken(claims, options);
  }
}
