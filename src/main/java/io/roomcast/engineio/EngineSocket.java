package io.roomcast.engineio;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * One Engine.IO session, whatever its transport. All its handlers run on {@link #context()};
 * call its methods from that context too.
 *
 * <pre>{@code
 * engine.connectionHandler(socket -> socket
 *   .messageHandler(text -> socket.send("echo: " + text))
 *   .closeHandler(reason -> log.info(socket.id() + " closed: " + reason)));
 * }</pre>
 */
public interface EngineSocket {

  /** The session id ({@code sid}). */
  String id();

  /** The current transport: {@code polling} or {@code websocket}. */
  String transport();

  /** The context that owns this session's state. */
  Context context();

  /** Headers of the handshake request. */
  MultiMap handshakeHeaders();

  /** Query parameters of the handshake request. */
  MultiMap handshakeQuery();

  /** The peer's address as {@code host:port}, as seen by this server. */
  String remoteAddress();

  /** Queues a text message. Ignored once the session is closing. */
  void send(String text);

  /** Queues a binary message. Ignored once the session is closing. */
  void send(Buffer binary);

  /**
   * Queues a text message encoded once for many sessions (a broadcast): over WebSocket the
   * session writes the shared frame, with no copy of its own. Ignored once the session is closing.
   */
  void send(SharedMessage message);

  /** Receives text messages. */
  EngineSocket messageHandler(Handler<String> handler);

  /** Receives binary messages. */
  EngineSocket binaryHandler(Handler<Buffer> handler);

  /** Called once, with the reason ({@code transport close}, {@code ping timeout}, ...), when the session ends. */
  EngineSocket closeHandler(Handler<String> handler);

  /** Flushes what is queued, then closes the session with reason {@code forced close}. */
  void close();

  /**
   * Whether a message sent now would go out at once: nothing queued and the transport ready
   * (polling: a GET is waiting; WebSocket: its write queue is not full). Volatile sends use it.
   */
  boolean canSendNow();

  /** True until the session starts closing. */
  boolean isOpen();
}
