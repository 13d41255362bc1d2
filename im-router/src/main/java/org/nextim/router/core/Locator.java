package org.nextim.router.core;

/**
 * Where a request must run: on the node that holds the page of its ticket, or, for a login, on the
 * node that holds (or should hold) the user's pages. A single node runs everything itself.
 */
public interface Locator {

  /** This node runs everything. */
  Locator LOCAL = new Locator() {
    @Override
    public String nodeOfTicket(String ticket) {
      return null;
    }

    @Override
    public String homeOf(String domain, String name) {
      return null;
    }
  };

  /** The node holding the ticket's page, or null when it is this node (or the ticket names none). */
  String nodeOfTicket(String ticket);

  /** The node that holds or should hold the user's pages, or null when it is this node. */
  String homeOf(String domain, String name);
}
