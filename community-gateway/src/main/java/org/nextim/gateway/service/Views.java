package org.nextim.gateway.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.nextim.gateway.router.Presence;
import org.nextim.gateway.store.LogItem;
import org.nextim.gateway.store.Member;
import org.nextim.gateway.store.Room;
import org.nextim.gateway.store.Store;
import org.nextim.gateway.store.User;

import java.util.List;
import java.util.Map;

/** The protocol's objects (section 3.2) as the browser gets them. */
public final class Views {

  private Views() {
  }

  public static JsonArray items(List<LogItem> items) {
    JsonArray out = new JsonArray();
    items.forEach(i -> out.add(i.toJson()));
    return out;
  }

  public static JsonArray members(List<Member> members) {
    JsonArray out = new JsonArray();
    members.forEach(m -> out.add(m.toJson()));
    return out;
  }

  /** Receipts per peer (extension): {@code {"bob": {"delivered": id|null, "read": id|null}}}. */
  public static JsonObject receipts(Map<String, Store.Receipts> byPeer) {
    JsonObject out = new JsonObject();
    byPeer.forEach((peer, r) -> out.put(peer, new JsonObject().put("delivered", r.delivered()).put("read", r.read())));
    return out;
  }

  /** buddyInfo; {@code presence} null means offline. */
  public static JsonObject buddyInfo(User u, String group, Presence presence) {
    JsonObject info = u.toInfo()
        .put("presence", presence == null ? "offline" : "online")
        .put("show", presence == null ? "unavailable" : presence.show())
        .put("status", presence == null || presence.status() == null ? "" : presence.status());
    if (group != null) {
      info.put("group", group);
    }
    return info;
  }

  /** roomInfo; members listed only when {@code withMembers}. */
  public static JsonObject roomInfo(Room r, int count, boolean blocked, boolean withMembers) {
    JsonObject info = new JsonObject().put("id", r.id()).put("nick", r.nick())
        .put("all_count", r.members().size()).put("count", count).put("blocked", blocked);
    if (r.url() != null) {
      info.put("url", r.url());
    }
    // The original bundle builds image URLs from pic_url even when a room has none (section 4).
    info.put("pic_url", r.picUrl() == null ? "" : r.picUrl());
    if (withMembers) {
      info.put("members", members(r.members()));
    }
    return info;
  }
}
