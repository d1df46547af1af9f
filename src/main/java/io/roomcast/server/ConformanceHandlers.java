package io.roomcast.server;

import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketIoServer;

/**
 * The handlers the official Socket.IO v5 test suite expects (conformance profile only): on
 * {@code /}, emit {@code auth} with the CONNECT payload, echo {@code message} as
 * {@code message-back}, and acknowledge {@code message-with-ack} with its arguments; on
 * {@code /custom}, emit {@code auth}.
 */
final class ConformanceHandlers {

  private ConformanceHandlers() {
  }

  static void install(SocketIoServer io) {
    Namespace main = io.of("/");
    main.onConnection(socket -> {
      emitAuth(socket);
      socket.on("message", (args, ack) -> socket.emit("message-back", args.getList().toArray()));
      socket.on("message-with-ack", (args, ack) -> ack.send(args.getList().toArray()));
    });
    io.of("/custom").onConnection(ConformanceHandlers::emitAuth);
  }

  private static void emitAuth(Socket socket) {
    socket.emit("auth", socket.handshake().auth());
  }
}
