package org.nextim.router.core;

import io.vertx.core.Context;

/**
 * A poll waiting on a page: the transport side of {@link Page}. The HTTP layer implements it by writing
 * the response; a test can implement it by recording what it was given.
 */
public interface HeldPoll {

  /** The packet cursor the poll came with, or -1 when it came without one. */
  long cursor();

  /** The event-loop context that owns the poll's connection; answers are written there. */
  Context context();

  /** Answers the poll with packets (possibly none). Called once, on {@link #context()}. */
  void answer(PollReply reply);

  /** The page ended while the poll was held: answer "invalid ticket". Called once, on any thread. */
  void pageEnded();
}
