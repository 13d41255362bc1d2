package org.nextim.gateway.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.nextim.gateway.ApiError;
import org.nextim.gateway.identity.Identity;
import org.nextim.gateway.store.Store;
import org.nextim.gateway.store.User;

/**
 * {@code POST /demo/login} with {@code {"id": "alice"}} (or a form): signs a token for that user, as a
 * site would, answers {@code {"token": "<jwt>"}} and sets the {@code webim_token} cookie. Mounted only
 * in demo mode.
 */
public final class DemoApi {

  private final Store store;
  private final Identity identity;
  private final long ttlSeconds;

  public DemoApi(Store store, Identity identity, long ttlSeconds) {
    this.store = store;
    this.identity = identity;
    this.ttlSeconds = ttlSeconds;
  }

  public void mount(Router web) {
    web.post("/demo/login").handler(this::login);
  }

  private void login(RoutingContext ctx) {
    String id;
    try {
      Replies.callback(ctx);
      id = Params.of(ctx).id("id");
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    store.ensureUser(new User(id, null, null, null, false)).onSuccess(user -> {
      String token = identity.sign(user.id(), user.nick(), ttlSeconds);
      ctx.response().addCookie(Cookie.cookie("webim_token", token).setPath("/").setHttpOnly(true)
          .setSameSite(CookieSameSite.LAX).setMaxAge(ttlSeconds));
      Replies.json(ctx, 200, new JsonObject().put("token", token).put("user", user.toInfo()));
    }).onFailure(ctx::fail);
  }
}
