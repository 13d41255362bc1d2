package org.nextim.gateway.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One browser page of a user: its token, the {@code /webim/online} reply, its ticket; it calls the
 * gateway with the ticket and long-polls the router like the widget does.
 */
public final class Page {

  private final TestSite site;
  private final String user;
  private final String token;
  private final JsonObject online;
  private long cursor;
  private final List<JsonObject> packets = new ArrayList<>();

  Page(TestSite site, String user, String token, JsonObject online) {
    this.site = site;
    this.user = user;
    this.token = token;
    this.online = online;
  }

  public String user() {
    return user;
  }

  public String token() {
    return token;
  }

  public JsonObject online() {
    return online;
  }

  public String ticket() {
    return online.getJsonObject("connection").getString("ticket");
  }

  /** A state-changing call with this page's ticket. */
  public Reply post(String action, String... kv) {
    Map<String, String> params = TestSite.params(kv);
    params.putIfAbsent("ticket", ticket());
    return site.post("/webim/" + action, token, params);
  }

  public Reply get(String action, String... kv) {
    return site.get("/webim/" + action, token, TestSite.params(kv));
  }

  /** Posts and asserts {@code ok}. */
  public void ok(String action, String... kv) {
    Reply r = post(action, kv);
    assertEquals(200, r.status(), () -> action + ": " + r);
    assertEquals("ok", r.body(), action);
  }

  /**
   * Polls the router (as the widget does, with a cursor) until a packet of {@code kind} ("messages",
   * "presences", "statuses") matching {@code match} arrives; fails after 10 s.
   */
  public JsonObject await(String kind, Predicate<JsonObject> match) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      for (JsonObject p : packets) {
        if (kind.equals(p.getString("_kind")) && match.test(p)) {
          packets.remove(p);
          return p;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        fail(user + ": no " + kind + " packet matched within 10 s; seen " + packets);
      }
      pollOnce();
    }
  }

  /** Polls once (the router holds an empty poll up to its poll timeout) and keeps what came. */
  public JsonObject pollOnce() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("domain", "localhost");
    q.put("ticket", ticket());
    q.put("cursor", Long.toString(cursor));
    Reply r = site.routerGet("/packets", q);
    assertEquals(200, r.status(), () -> "poll: " + r);
    JsonObject reply = r.json();
    cursor = reply.getLong("cursor");
    for (String kind : List.of("messages", "presences", "statuses")) {
      JsonArray list = reply.getJsonArray(kind);
      for (int i = 0; i < list.size(); i++) {
        packets.add(list.getJsonObject(i).copy().put("_kind", kind));
      }
    }
    return reply;
  }
}
