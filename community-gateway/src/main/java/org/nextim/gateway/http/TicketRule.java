package org.nextim.gateway.http;

import org.nextim.gateway.ApiError;
import org.nextim.gateway.identity.Caller;

/**
 * When a browser call must show its page's ticket (spec 3.1). The ticket proves the request comes from
 * a page of the token's user: a site's own scripts have it, another site's page does not. It is needed
 * where a forged request could hurt:
 * <ul>
 *   <li>by the {@code webim_token} cookie, which the browser adds to requests from any page: for a call
 *       that changes state (CSRF; missing: 400) and for any JSONP call, which another site could load as
 *       a script and read (JSON hijacking; missing: 403);</li>
 *   <li>by {@code Authorization: Bearer}, which no other site can make a browser send: never (the
 *       original bundle sends none with {@code setting} and {@code clear_history}); one that is given is
 *       still checked.</li>
 * </ul>
 * Plain JSON reads need none: another site cannot read them (CORS, {@code nosniff}).
 */
final class TicketRule {

  private TicketRule() {
  }

  /**
   * Whether the call's ticket must be checked against the caller; throws the error for a call that
   * needs a ticket and has none.
   */
  static boolean mustCheck(Caller caller, boolean changesState, boolean jsonp, String ticket) {
    if (!changesState && !jsonp) {
      return false;
    }
    if (ticket != null) {
      return true;
    }
    if (!caller.byCookie()) {
      return false;
    }
    if (changesState) {
      throw ApiError.missing("ticket");
    }
    throw ApiError.forbidden("ticket_required",
        "a JSONP call authenticated by the cookie must carry the page's ticket");
  }
}
