package org.nextim.router.core;

import io.vertx.core.Future;

/**
 * Where a request must run, and who owns a user: a request carrying a ticket runs on the node that
 * holds the ticket's page; a login runs on the user's <em>home</em>, the one node that holds all of an
 * online user's pages. A single node runs everything itself and owns every user.
 */
public interface Locator {

  /** A home as the cluster agreed it: {@code home} null means this node, under claim {@code version}. */
  record Claim(String home, long version) {
    public boolean here() {
      return home == null;
    }
  }

  /** This node runs everything. */
  Locator LOCAL = new Locator() {
    private final Future<Claim> ours = Future.succeededFuture(new Claim(null, 0));

    @Override
    public String nodeOfTicket(String ticket) {
      return null;
    }

    @Override
    public String homeOf(String domain, String name) {
      return null;
    }

    @Override
    public Future<Claim> claim(String domain, String name) {
      return ours;
    }

    @Override
    public void release(String domain, String name, long version) {
    }
  };

  /**
   * The node holding the ticket's page, or null when it is this node (or the ticket names none).
   *
   * @throws RouterError invalid ticket when the ticket's node has left the cluster
   */
  String nodeOfTicket(String ticket);

  /** Where a login of the user should go: its home if known, else a node picked for it; null for this node. */
  String homeOf(String domain, String name);

  /**
   * Asks to make this node the user's home; called before this node creates a user it does not hold.
   * Completes with this node's claim and its version, or with the node that is the home already (the
   * login belongs there). Fails when the cluster cannot decide now (retry later).
   */
  Future<Claim> claim(String domain, String name);

  /** The user went offline here: its claim of {@code version} ends. */
  void release(String domain, String name, long version);
}
