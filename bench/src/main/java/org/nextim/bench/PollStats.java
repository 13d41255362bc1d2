package org.nextim.bench;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the pages of one shard saw while polling. Mutated only on that shard's event loop; merged
 * across shards once they have finished.
 */
public final class PollStats {

  long held;
  long replies;
  long emptyReplies;
  long messages;
  long presences;
  long statuses;
  long notOk;
  long overflows;
  long cursorRegressions;
  long invalidTicket;
  long protocolErrors;
  long failures;
  long connects;
  long connectFailures;
  final Map<Integer, Long> otherStatuses = new TreeMap<>();

  /** Polls sent and not yet answered, right now. */
  public long held() {
    return held;
  }

  public long replies() {
    return replies;
  }

  public long invalidTicket() {
    return invalidTicket;
  }

  void otherStatus(int status) {
    otherStatuses.merge(status, 1L, Long::sum);
  }

  public PollStats merge(PollStats o) {
    PollStats m = new PollStats();
    m.held = held + o.held;
    m.replies = replies + o.replies;
    m.emptyReplies = emptyReplies + o.emptyReplies;
    m.messages = messages + o.messages;
    m.presences = presences + o.presences;
    m.statuses = statuses + o.statuses;
    m.notOk = notOk + o.notOk;
    m.overflows = overflows + o.overflows;
    m.cursorRegressions = cursorRegressions + o.cursorRegressions;
    m.invalidTicket = invalidTicket + o.invalidTicket;
    m.protocolErrors = protocolErrors + o.protocolErrors;
    m.failures = failures + o.failures;
    m.connects = connects + o.connects;
    m.connectFailures = connectFailures + o.connectFailures;
    m.otherStatuses.putAll(otherStatuses);
    o.otherStatuses.forEach((k, v) -> m.otherStatuses.merge(k, v, Long::sum));
    return m;
  }

  public JsonObject toJson() {
    JsonObject other = new JsonObject();
    otherStatuses.forEach((k, v) -> other.put(String.valueOf(k), v));
    return new JsonObject()
        .put("held_at_end", held)
        .put("replies", replies)
        .put("empty_replies", emptyReplies)
        .put("message_packets", messages)
        .put("presence_packets", presences)
        .put("status_packets", statuses)
        .put("status_not_ok", notOk)
        .put("overflow", overflows)
        .put("cursor_regressions", cursorRegressions)
        .put("invalid_ticket_404", invalidTicket)
        .put("unparseable_replies", protocolErrors)
        .put("failures", failures)
        .put("other_statuses", other)
        .put("connections_opened", connects)
        .put("connect_failures", connectFailures);
  }
}
