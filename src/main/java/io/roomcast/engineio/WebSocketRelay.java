package io.roomcast.engineio;

import io.vertx.core.Future;

/**
 * Carries WebSockets to the node that owns their session, so a client's upgrade works whichever
 * node it lands on. When a WebSocket arrives for a session that the {@link PollForwarder} places
 * on another node, the endpoint asks the relay to open it there (the owner answers through
 * {@link EngineServer#acceptRelayed}); once the owner took it, the endpoint accepts the client's
 * WebSocket and passes its frames on, in order, both ways.
 *
 * <pre>{@code
 * relay.open(new RelayedWebSocket(sid, false), toClient)
 *   .onSuccess(toOwner -> toOwner.text("2probe"))
 *   .onFailure(refused -> ...);   // answered "Session ID unknown"
 * }</pre>
 */
public interface WebSocketRelay {

  /**
   * Asks the owner of {@code socket.sid()} to take the WebSocket. Completes with the channel to
   * the owner's session; fails if the owner does not know the session or cannot be reached.
   * {@code toClient} receives the session's frames and, when the session or the owner's node
   * ends, the close.
   */
  Future<FrameChannel> open(RelayedWebSocket socket, FrameChannel toClient);
}
