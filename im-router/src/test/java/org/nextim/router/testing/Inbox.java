package org.nextim.router.testing;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Everything a page was handed over one or more polls, in order. */
public final class Inbox {

  public final List<JsonObject> messages = new ArrayList<>();
  public final List<JsonObject> presences = new ArrayList<>();
  public final List<JsonObject> statuses = new ArrayList<>();
  public final List<PollReply> replies = new ArrayList<>();

  void add(PollReply r) {
    replies.add(r);
    messages.addAll(r.messages());
    presences.addAll(r.presences());
    statuses.addAll(r.statuses());
  }

  public boolean isEmpty() {
    return messages.isEmpty() && presences.isEmpty() && statuses.isEmpty();
  }

  public List<String> bodies() {
    return messages.stream().map(m -> m.getString("body")).collect(Collectors.toList());
  }

  public boolean hasBody(String body) {
    return messages.stream().anyMatch(m -> body.equals(m.getString("body")));
  }

  public JsonObject message(String body) {
    return messages.stream().filter(m -> body.equals(m.getString("body"))).findFirst()
        .orElseThrow(() -> new AssertionError("no message '" + body + "' in " + this));
  }

  public List<JsonObject> presences(String from, String type) {
    return presences.stream()
        .filter(p -> from.equals(p.getString("from")) && type.equals(p.getString("type")))
        .collect(Collectors.toList());
  }

  public boolean hasPresence(String from, String type) {
    return !presences(from, type).isEmpty();
  }

  public JsonObject presence(String from, String type) {
    return presences(from, type).stream().findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " presence from " + from + " in " + this));
  }

  public List<JsonObject> presencesFrom(String from) {
    return presences.stream().filter(p -> from.equals(p.getString("from"))).collect(Collectors.toList());
  }

  public boolean hasStatus(String from, String show) {
    return statuses.stream()
        .anyMatch(s -> from.equals(s.getString("from")) && show.equals(s.getString("show")));
  }

  @Override
  public String toString() {
    return "Inbox{messages=" + messages + ", presences=" + presences + ", statuses=" + statuses + "}";
  }
}
