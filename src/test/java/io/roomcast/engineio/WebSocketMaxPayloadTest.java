package io.roomcast.engineio;

import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.RunTestOnContext;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * maxPayload holds for WebSocket messages in the engine itself, not only through the HTTP
 * server's frame limits: with a plain HttpServer (as in the EngineServer Javadoc), a message of
 * maxPayload + 1 bytes closes the socket, as the reference server does.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class WebSocketMaxPayloadTest {

  @RegisterExtension
  static final RunTestOnContext context = new RunTestOnContext();

  private static EngineServer engine;
  private static HttpServer server;

  /** The EngineServer Javadoc's own wiring: a plain HttpServer handing every request to the engine. */
  @BeforeAll
  static void startServer(VertxTestContext test) {
    engine = EngineServer.create(context.vertx(), EchoEngineServer.quietHeartbeat());
    engine.connectionHandler(socket -> socket.messageHandler(socket::send).binaryHandler(socket::send));
    server = context.vertx().createHttpServer().requestHandler(engine::handle);
    server.listen(0, "127.0.0.1").onComplete(test.succeedingThenComplete());
  }

  @Test
  void webSocketMessageLargerThanMaxPayloadClosesTheSocketWhateverTheHttpServerOptions(VertxTestContext test) {
    RawEngineClient client = new RawEngineClient(context.vertx(), server.actualPort(), EchoEngineServer.PATH);
    String tooBig = "4" + "x".repeat(1000);
    client.webSocket(RawEngineClient.WEBSOCKET)
      .compose(socket -> socket.nextText().compose(open -> {
        socket.send(tooBig);
        // Expected: the socket closes. Today the 1001-byte message is echoed back instead.
        Promise<String> outcome = Promise.promise();
        socket.closed().onSuccess(code -> outcome.tryComplete("closed"));
        socket.nextText().onSuccess(echo -> outcome.tryComplete("echoed " + echo.length() + " chars"));
        return outcome.future();
      }))
      .eventually(client::close)
      .onComplete(test.succeeding(outcome -> test.verify(() -> {
        assertEquals("closed", outcome);
        test.completeNow();
      })));
  }
}
