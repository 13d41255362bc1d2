package org.nextim.gateway.service;

import io.vertx.core.Future;
import org.nextim.gateway.ApiError;
import org.nextim.gateway.store.Store;

/**
 * Which user each page's ticket was issued to. The database is the authority (several gateway
 * instances share it); a ticket's owner never changes, so a confirmed owner is remembered for a while
 * (bounded, expiring) and a page's later calls do not read it again. Only confirmations are kept: an
 * unknown ticket is looked up every time. A ticket ended on another instance may still pass here until
 * its entry expires; the router refuses it anyway (404 {@code invalid_ticket}).
 */
public final class Tickets {

  static final int MAX_ENTRIES = 100_000;
  static final long TTL_MS = 10 * 60_000;

  private final Store store;
  private final ExpiringCache<String, String> owners = new ExpiringCache<>(MAX_ENTRIES, TTL_MS);

  public Tickets(Store store) {
    this.store = store;
  }

  public Future<Void> issued(String ticket, String userId) {
    return store.saveTicket(ticket, userId).onSuccess(v -> owners.put(ticket, userId));
  }

  /** Succeeds when {@code ticket} was issued to {@code userId}, else fails with 403 {@code not_your_ticket}. */
  public Future<Void> check(String ticket, String userId) {
    if (userId.equals(owners.get(ticket))) {
      return Future.succeededFuture();
    }
    return store.ticketOwner(ticket).compose(owner -> {
      if (!userId.equals(owner)) {
        return Future.failedFuture(ApiError.forbidden("not_your_ticket", "this ticket was not issued to you"));
      }
      owners.put(ticket, owner);
      return Future.succeededFuture();
    });
  }

  public Future<Void> ended(String ticket) {
    owners.remove(ticket);
    return store.dropTicket(ticket);
  }

  public Future<Void> endedAll(String userId) {
    owners.removeValues(userId::equals);
    return store.dropTickets(userId);
  }
}
