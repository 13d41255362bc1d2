package org.nextim.gateway.service;

import io.vertx.core.Future;
import org.nextim.gateway.identity.Caller;
import org.nextim.gateway.store.Store;
import org.nextim.gateway.store.User;

/**
 * Who the caller is as a stored user. A page load ({@link #signIn}) reads the user (creating a new
 * subject from its token's claims); later calls of that user reuse it for a while instead of reading it
 * on every request. The site's changes to a user reach it at the next page load, as documented, or
 * when the entry expires; changes through this instance's site API are seen at once ({@link #forget}).
 */
public final class Users {

  static final int MAX_ENTRIES = 100_000;
  static final long TTL_MS = 60_000;

  private final Store store;
  private final ExpiringCache<String, User> known = new ExpiringCache<>(MAX_ENTRIES, TTL_MS);

  public Users(Store store) {
    this.store = store;
  }

  /** Reads the stored user (created from the claims if new), as a page load does. */
  public Future<User> signIn(Caller caller) {
    return store.ensureUser(new User(caller.id(), caller.nick(), caller.picUrl(), caller.url(), false))
        .onSuccess(u -> known.put(u.id(), u));
  }

  /** The caller as a stored user, from the last page load when it is recent. */
  public Future<User> of(Caller caller) {
    User u = known.get(caller.id());
    return u != null ? Future.succeededFuture(u) : signIn(caller);
  }

  /** The site changed or deleted the user: read it again next time. */
  public void forget(String userId) {
    known.remove(userId);
  }
}
