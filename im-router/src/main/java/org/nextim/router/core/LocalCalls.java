package org.nextim.router.core;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.Map;

/**
 * What this node runs for another node: a REST call or a poll that arrived there but belongs here
 * (the page of its ticket, or the home of a logging-in user). The HTTP layer implements it; the
 * cluster calls it with the parameters as they arrived, already authenticated by the sending node.
 */
public interface LocalCalls {

  /** Runs a call here. */
  Future<Reply> run(String path, String domain, Map<String, String> params);

  /** Holds a poll here; {@code out} gets its reply on {@code context}. */
  void holdPoll(Map<String, String> params, Context context, Handler<Reply> out);
}
