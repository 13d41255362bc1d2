package org.nextim.gateway.service;

import org.nextim.gateway.router.RouterClient;
import org.nextim.gateway.store.Store;

/**
 * The gateway's rules, one class per job, over the store and router seams; the HTTP layer
 * ({@code http.WebimApi}) only maps requests to them.
 */
public record Services(Users users, Tickets tickets, Preferences preferences, Buddies buddies, Rooms rooms,
                       Histories histories, Messaging messaging, Notifications notifications, Pages pages) {

  /**
   * @param routerPublicUrl the router as browsers reach it
   * @param maxNewMessages  offline messages one login returns at most
   * @param offline         told of offline messages kept and handed over (the metrics)
   */
  public static Services create(Store store, RouterClient router, String domain, String routerPublicUrl,
                                int maxNewMessages, OfflineMessageEvents offline) {
    Users users = new Users(store);
    Tickets tickets = new Tickets(store);
    Preferences preferences = new Preferences(store);
    Buddies buddies = new Buddies(store, router);
    Rooms rooms = new Rooms(store, router, preferences);
    Histories histories = new Histories(store, rooms);
    Messaging messaging = new Messaging(store, router, rooms, offline);
    Notifications notifications = new Notifications(store);
    Pages pages = new Pages(store, router, tickets, preferences, buddies, domain, routerPublicUrl, maxNewMessages,
        offline);
    return new Services(users, tickets, preferences, buddies, rooms, histories, messaging, notifications, pages);
  }
}
