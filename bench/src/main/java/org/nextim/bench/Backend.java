package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

import java.util.List;

/**
 * What a simulated user does against a server: log in and out, send, and long-poll. {@link RouterClient}
 * speaks the router's protocol; {@link NchanClient} the same workload to Nchan (a channel per user, publish
 * by POST, long-poll subscribers walking the channel with Etag/If-Modified-Since). Create it on the event
 * loop that will use it.
 */
public interface Backend {

  /** Outcome of a send; {@code delivered} is -1 when the server does not say. */
  record MessageReceipt(int delivered) {
  }

  /** Logs a page in and yields its ticket (for Nchan: the channel name). */
  Future<String> online(String name, String nick, List<String> buddies, List<String> rooms);

  Future<Void> offline(String ticket, boolean all);

  /** A unicast message with the bench's id. */
  Future<MessageReceipt> message(String ticket, String to, String body, long id, boolean ack);

  /** A multicast to a room the sender is in. */
  Future<MessageReceipt> multicast(String ticket, String room, String body, long id, boolean ack);

  /** A connection of its own for one page's polls. */
  Future<HttpClientConnection> openPollConnection();

  /** The next poll of {@code page} (ticket, cursor or caching headers). */
  RequestOptions pollRequest(PageSession page, long idleTimeoutMs);

  /** Statuses that end a poll without packets and without error (Nchan's 408 on its subscriber timeout). */
  boolean isEmptyStatus(int status);

  /**
   * Reads a poll answer (200, or an {@link #isEmptyStatus empty status}); may update the page's polling
   * state (Nchan's Etag and Last-Modified).
   *
   * @throws IllegalArgumentException when the body breaks the protocol
   */
  PollReply parsePoll(HttpClientResponse response, Buffer body, PageSession page);

  Future<Void> close();
}
