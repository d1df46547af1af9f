package io.roomcast.engineio;

import io.roomcast.engineio.impl.EngineEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * An Engine.IO v4 endpoint: handshakes, long-polling, WebSocket and the upgrade between them.
 * Hand it the HTTP requests under its path; it hands you a {@link EngineSocket} per session.
 *
 * <pre>{@code
 * EngineServer engine = EngineServer.create(vertx, new EngineOptions().setPath("/engine.io/"));
 * engine.connectionHandler(socket -> socket.messageHandler(socket::send));
 * vertx.createHttpServer().requestHandler(engine::handle).listen(3000);
 * }</pre>
 *
 * <p>Create one per event loop (one per verticle instance): sessions live on the context that
 * accepted their handshake, and the servers of one path in a process share a session table, so
 * a request may land on any of them.
 */
public interface EngineServer {

  static EngineServer create(Vertx vertx, EngineOptions options) {
    return new EngineEndpoint(vertx, options);
  }

  /** Receives each new session, on the context that accepted it. */
  EngineServer connectionHandler(Handler<EngineSocket> handler);

  /** Handles one HTTP request (polling or WebSocket upgrade) under the endpoint's path. */
  void handle(HttpServerRequest request);

  /** Answers a poll another node forwarded for a session of this process. */
  Future<PollAnswer> handleForwarded(ForwardedPoll poll);

  /** The client of a forwarded GET went away: as if its connection had closed here. */
  void abortForwarded(ForwardedPoll poll);

  /**
   * Takes a WebSocket that another node accepted for a session of this process (see
   * {@link WebSocketRelay}): the session treats it as a WebSocket of its own, first as the upgrade
   * probe. Its frames go out through {@code toClient}; returns the channel for the client's frames,
   * or null if no such session is open here.
   */
  FrameChannel acceptRelayed(RelayedWebSocket socket, FrameChannel toClient);

  /** Sessions open in this process on this path, across all servers. */
  int clientsCount();

  /** Of {@link #clientsCount()}, the sessions whose transport is a WebSocket (relayed ones included). */
  int webSocketClientsCount();

  /** Closes the sessions this server accepted. */
  Future<Void> close();

  /**
   * Stops serving until {@link #resume()}: ends every session this server accepted at once (what
   * is queued for a client goes out first if it can; the client sees its connection close and
   * reconnects) and answers every request with 503 Service Unavailable, so that clients retry, or
   * reach another node through their load balancer. For a node that must not serve for a while.
   * Call on this server's context.
   */
  void suspend();

  /** Serves again after {@link #suspend()}. */
  void resume();
}
