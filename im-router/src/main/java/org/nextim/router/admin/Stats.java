package org.nextim.router.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Every node's {@link NodeStats#snapshot()}: this node's alone, or (a cluster) each member's, asked over
 * the event bus with a short timeout; a member that does not answer is listed as
 * {@code {"node": id, "reachable": false}}.
 */
public interface Stats {

  Future<List<JsonObject>> nodes();

  /** A router alone. */
  static Stats local(NodeStats here) {
    return () -> Future.succeededFuture(List.of(here.snapshot()));
  }
}
