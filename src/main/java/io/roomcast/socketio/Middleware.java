package io.roomcast.socketio;

import io.vertx.core.Future;

/**
 * Runs for each socket connecting to a namespace, before its connection handlers. A failed
 * future refuses the connection: the client gets CONNECT_ERROR with the failure's message, and
 * with {@link ConnectionRefused#data()} when the failure is a {@link ConnectionRefused}.
 *
 * <pre>{@code
 * nsp.use(socket -> socket.handshake().auth().containsKey("token")
 *   ? Future.succeededFuture()
 *   : Future.failedFuture(new ConnectionRefused("not authorized", new JsonObject().put("retry", false))));
 * }</pre>
 */
@FunctionalInterface
public interface Middleware {

  Future<Void> apply(Socket socket);
}
