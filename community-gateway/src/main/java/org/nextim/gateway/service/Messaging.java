package org.nextim.gateway.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.nextim.gateway.ApiError;
import org.nextim.gateway.router.RouterClient;
import org.nextim.gateway.store.LogItem;
import org.nextim.gateway.store.Store;
import org.nextim.gateway.store.User;


import java.util.List;
import java.util.UUID;

/**
 * Messages, typing statuses and show changes of a page. A message is stored before it is forwarded, so
 * that a router failure loses nothing; a unicast one that reached no page is kept as an offline message.
 */
public final class Messaging {

  /**
   * What the browser sends: {@code to} is null for a broadcast; {@code clientId} (null from old clients)
   * makes a repeat of the same message (an outbox that never heard the reply) a no-op.
   */
  public record Outgoing(String type, String to, String body, String style, boolean flaggedOffline, String clientId) {
  }

  /**
   * A message the gateway took: the stored item; {@code delivered} when it reached a page of its unicast
   * recipient (or went to a room or everyone); {@code repeated} when it was a repeat of a client id
   * already stored, answered without storing or forwarding anything.
   */
  public record Sent(LogItem item, boolean delivered, boolean repeated) {
  }

  private final Store store;
  private final RouterClient router;
  private final Rooms rooms;
  private final OfflineMessageEvents offline;

  public Messaging(Store store, RouterClient router, Rooms rooms, OfflineMessageEvents offline) {
    this.offline = offline;
    this.store = store;
    this.router = router;
    this.rooms = rooms;
  }

  /** Whom the message goes to ("" for a broadcast), if the sender may send it there. */
  private Future<String> target(User me, Outgoing m) {
    return switch (m.type()) {
      case LogItem.UNICAST -> store.user(m.to()).compose(u -> u == null
          ? Future.failedFuture(ApiError.notFound("unknown_user", "no such user: " + m.to()))
          : Future.succeededFuture(m.to()));
      case LogItem.MULTICAST -> rooms.memberRoom(m.to(), me.id()).map(m.to());
      default -> me.admin()
          ? Future.succeededFuture("")
          : Future.failedFuture(ApiError.forbidden("not_admin", "only site admins may broadcast"));
    };
  }

  public Future<Sent> send(User me, String ticket, Outgoing m) {
    boolean unicast = LogItem.UNICAST.equals(m.type());
    return target(me, m).compose(to -> {
      LogItem item = new LogItem(UUID.randomUUID().toString(), m.type(), me.id(), me.nick(), to, m.body(),
          m.style() == null ? "" : m.style(), System.currentTimeMillis(), m.clientId());
      // Stored first (as pending for a unicast): whatever happens at the router, nothing is lost. The
      // router client has already retried a busy router with the same id (idempotent there). A router
      // failure after that leaves the message stored (a unicast one pending: it is in the recipient's
      // next new_messages) and says so with "kept" and its id, so that the client shows it as saved
      // and does not send it again (which would store it twice).
      // A repeated client id (the reply to the first send was lost) gets the stored message back.
      return store.saveMessageOnce(item, unicast).compose(stored -> stored.item() != item
          ? Future.succeededFuture(new Sent(stored.item(), !stored.pending(), true))
          : forward(me, ticket, m, item));
    });
  }

  private Future<Sent> forward(User me, String ticket, Outgoing m, LogItem item) {
    boolean unicast = LogItem.UNICAST.equals(m.type());
    String to = item.to();
    return router.message(ticket, m.type(), to.isEmpty() ? null : to, m.body(), me.nick(), item.style(),
            item.timestamp(), item.id())
        .recover(e -> {
          if (unicast) {
            offline.stored();
          }
          return Future.failedFuture(e instanceof ApiError a ? kept(a, item) : e);
        })
        .compose(delivered -> {
          if (!unicast) {
            return Future.succeededFuture(new Sent(item, true, false));
          }
          boolean reached = delivered > 0 && !m.flaggedOffline();
          if (!reached) {
            offline.stored();
          }
          return (reached ? store.markDelivered(List.of(item.id())) : Future.<Void>succeededFuture())
              .map(new Sent(item, delivered > 0, false));
        });
  }

  /** A router failure of a message that is stored: the error says so, with the message's id. */
  private static ApiError kept(ApiError e, LogItem item) {
    return e.with("kept", true).with("id", item.id());
  }

  public Future<Void> typing(User me, String ticket, String to, String show) {
    return router.status(ticket, to, show, me.nick());
  }

  /**
   * {@code me} has seen {@code messageId} from {@code peer} (and all before it): the marker is stored,
   * so that it reaches {@code peer} even if it is offline now, and sent on to its pages as a
   * {@code read} status. A marker that does not move (an older message) sends nothing; 404 for an id
   * that is not a message from {@code peer} to {@code me}.
   */
  public Future<Void> read(User me, String ticket, String peer, String messageId) {
    return store.saveReadMarker(me.id(), peer, messageId).compose(change -> switch (change) {
      case MOVED -> router.status(ticket, peer, "read", me.nick(), messageId);
      case NOT_NEWER -> Future.succeededFuture();
      case NO_SUCH_MESSAGE -> Future.failedFuture(
          ApiError.notFound("unknown_message", "no message " + messageId + " from " + peer + " to you"));
    });
  }

  /**
   * Where the caller's messages to each of {@code peers} stand, as the browser gets it:
   * {@code {"bob": {"delivered": id|null, "read": id|null}}}.
   */
  public Future<JsonObject> receipts(String me, List<String> peers) {
    return store.receipts(me, peers).map(Views::receipts);
  }

  public Future<Void> show(User me, String ticket, String show, String status) {
    return router.show(ticket, show, me.nick(), status);
  }
}
