package org.nextim.router.core;

import io.vertx.core.Future;

import java.util.Map;

/**
 * Runs a call on another node and brings its reply back (the cluster's event bus). Both methods fail
 * when the node cannot be reached; the caller decides what that means.
 */
public interface Forwarder {

  /** A REST call, already authenticated here, to run on {@code node}. */
  Future<Reply> call(String node, String path, String domain, Map<String, String> params);

  /** A {@code GET /packets} to hold on {@code node}; completes when that node answers the poll. */
  Future<Reply> poll(String node, Map<String, String> params);
}
