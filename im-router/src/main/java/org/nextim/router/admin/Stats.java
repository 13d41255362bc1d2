package org.nextim.router.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the admin API shows of every node: each node's {@link NodeStats#snapshot()} and its view of one
 * user ({@link NodeStats#user}); this node's alone, or (a cluster) each member's, asked over the event
 * bus with a short timeout. A member that does not answer is listed as
 * {@code {"node": id, "reachable": false}}.
 */
public interface Stats {

  Future<List<JsonObject>> nodes();

  /** Every node's view of the user {@code name} of {@code domain}. */
  Future<List<JsonObject>> user(String domain, String name);

  /**
   * The user's entry in the cluster's home directory ({@code {"node", "version"}}; {@code node} null
   * for a user who went offline), or null: no entry, or a router alone (no directory).
   */
  Future<JsonObject> home(String domain, String name);

  /** A router alone. */
  static Stats local(NodeStats here) {
    return new Stats() {
      @Override
      public Future<List<JsonObject>> nodes() {
        return Future.succeededFuture(List.of(here.snapshot()));
      }

      @Override
      public Future<List<JsonObject>> user(String domain, String name) {
        return Future.succeededFuture(List.of(here.user(domain, name)));
      }

      @Override
      public Future<JsonObject> home(String domain, String name) {
        return Future.succeededFuture(null);
      }
    };
  }
}
