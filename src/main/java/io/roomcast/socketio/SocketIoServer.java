package io.roomcast.socketio;

import io.roomcast.engineio.EngineServer;
import io.roomcast.socketio.impl.SocketIoServerImpl;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A Socket.IO v5 server on top of an Engine.IO endpoint.
 *
 * <pre>{@code
 * EngineServer engine = EngineServer.create(vertx, new EngineOptions().setPath("/socket.io/"));
 * SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions()).attach(engine);
 * io.of("/").onConnection(socket -> socket.on("ping", (args, ack) -> ack.send("pong")));
 * vertx.createHttpServer().requestHandler(engine::handle).listen(8080);
 * }</pre>
 */
public interface SocketIoServer {

  static SocketIoServer create(Vertx vertx, SocketIoOptions options) {
    return new SocketIoServerImpl(vertx, options);
  }

  /** Takes the sessions of {@code engine}. */
  SocketIoServer attach(EngineServer engine);

  /** The namespace {@code name}, created if needed. {@code /} always exists. */
  Namespace of(String name);

  /**
   * Accepts connections to any namespace whose name matches; each new one is created on first use
   * and handed to {@code setup}.
   */
  SocketIoServer ofMatching(Predicate<String> names, Handler<Namespace> setup);

  default SocketIoServer ofMatching(Pattern names, Handler<Namespace> setup) {
    return ofMatching(name -> names.matcher(name).matches(), setup);
  }

  /** Disconnects every socket with reason {@code server shutting down}. */
  Future<Void> close();
}
