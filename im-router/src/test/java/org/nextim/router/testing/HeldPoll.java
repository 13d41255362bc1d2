package org.nextim.router.testing;

import java.util.concurrent.CompletableFuture;

/** A poll the router was seen holding; {@link #await()} waits for its reply. */
public final class HeldPoll {

  private final Page page;
  private final CompletableFuture<PollReply> reply;

  HeldPoll(Page page, CompletableFuture<PollReply> reply) {
    this.page = page;
    this.reply = reply;
  }

  public Page page() { return page; }

  /** The reply, expected HTTP 200 with status ok. */
  public PollReply await() {
    return Page.ok(RestClient.await(reply));
  }

  /** The reply, whatever it is. */
  public PollReply awaitRaw() {
    return RestClient.await(reply);
  }

  /** The reply, which must come within {@code ms}. */
  public PollReply awaitWithin(long ms) {
    return Page.ok(RestClient.await(reply, ms));
  }

  public boolean isDone() {
    return reply.isDone();
  }
}
