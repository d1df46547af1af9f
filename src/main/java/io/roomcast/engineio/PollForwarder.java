package io.roomcast.engineio;

import io.vertx.core.Future;

/**
 * Carries long-polling requests to the node that owns their session, so clients need no sticky
 * load balancing. The endpoint calls it for a session id that is not its own (see
 * {@link EngineOptions#setSessionIdPrefix}); the owner answers through
 * {@link EngineServer#handleForwarded}.
 */
public interface PollForwarder {

  /** Whether a session id belongs to another node. */
  boolean isElsewhere(String sid);

  /** Sends the request to the owner; completes with its answer. */
  Future<PollAnswer> forward(ForwardedPoll poll);

  /** Tells the owner the client gave up on a forwarded GET (the connection closed). */
  void abort(ForwardedPoll poll);
}
