package org.nextim.gateway.router;

import io.vertx.core.Future;
import org.nextim.gateway.store.Member;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The router seam: the REST calls of the protocol's section 2.2, for this site's domain. Every failure
 * comes back as an {@link org.nextim.gateway.ApiError}: a router that is there but cannot serve the
 * call now (503, or no answer in time), still so after the gateway's retries, as 503
 * {@code unavailable} (retryable, with {@code Retry-After}); a router rate limit as 429
 * {@code rate_limited}; an unreachable router, other 5xx and refused credentials as 502; a dead ticket
 * as 404 {@code invalid_ticket}; 403 {@code not_a_member} as is.
 */
public interface RouterClient {

  Future<OnlineReply> online(String name, String nick, Collection<String> buddies, Collection<String> rooms,
                             String show, String status);

  /** Ends the page, or with {@code all} every page of its user. */
  Future<Void> offline(String ticket, boolean all);

  /** Completes when the router answers that it takes traffic ({@code GET /health/ready}). */
  Future<Void> ping();

  Future<Void> show(String ticket, String show, String nick, String status);

  /** A typing notice ({@code typing}, {@code clear}). */
  default Future<Void> status(String ticket, String to, String show, String nick) {
    return status(ticket, to, show, nick, null);
  }

  /** A status; a receipt ({@code read}, {@code delivered}) names its message: {@code id} (else null). */
  Future<Void> status(String ticket, String to, String show, String nick, String id);

  /** Sends with {@code ack=1}; the future holds N, the recipient pages it was queued to. */
  Future<Integer> message(String ticket, String type, String to, String body, String nick, String style,
                          long timestamp, String id);

  /** Which of {@code names} are online, with their show and status. */
  Future<List<Presence>> onlines(Collection<String> names);

  /**
   * Online members of each room, in as few router calls as the router's per-call limit allows (one
   * for up to 500 rooms); every room asked for is in the answer.
   */
  Future<Map<String, List<Member>>> roomMembers(List<String> rooms);

  /** Joins; the future holds the room's online count after the join. */
  Future<Integer> join(String ticket, String room, String nick);

  Future<Void> leave(String ticket, String room, String nick);
}
