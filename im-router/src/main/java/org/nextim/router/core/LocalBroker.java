package org.nextim.router.core;

import io.vertx.core.Future;

import java.util.Collection;

/** {@link Broker} for a single node: straight into the hub. */
final class LocalBroker implements Broker {

  private final Hub hub;
  private final int graceLimit;

  LocalBroker(Hub hub, int graceLimit) {
    this.hub = hub;
    this.graceLimit = graceLimit;
  }

  @Override
  public Future<Integer> toUser(String domain, String name, Packet packet, String exceptTicket, Count count) {
    return Future.succeededFuture(hub.deliver(domain, name, packet, exceptTicket, graceLimit));
  }

  @Override
  public Future<Integer> toUsers(String domain, Collection<String> names, Packet packet, String exceptTicket,
                                  Count count) {
    int n = 0;
    for (String name : names) {
      n += hub.deliver(domain, name, packet, exceptTicket, graceLimit);
    }
    return Future.succeededFuture(n);
  }

  @Override
  public Future<Integer> toDomain(String domain, Packet packet, String exceptUser, Count count) {
    return Future.succeededFuture(hub.deliverToDomain(domain, packet, exceptUser, graceLimit));
  }
}
