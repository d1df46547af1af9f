package io.roomcast.engineio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.RunTestOnContext;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Over WebSocket a text frame {@code "b" + base64} is a binary message (engine.io-parser reads a
 * leading 'b' as base64 binary on any transport); clients that cannot send binary frames
 * (engine.io-client with {@code forceBase64}) send exactly that, and ask with {@code b64=1} for
 * binary to come back the same way.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class WebSocketBase64BinaryTest {

  @RegisterExtension
  static final RunTestOnContext context = new RunTestOnContext();

  private static EchoEngineServer server;
  private RawEngineClient client;

  @BeforeAll
  static void startServer(VertxTestContext test) {
    EchoEngineServer.deploy(context.vertx(), EchoEngineServer.quietHeartbeat()).onComplete(test.succeeding(started -> {
      server = started;
      test.completeNow();
    }));
  }

  @BeforeEach
  void createClient() {
    client = new RawEngineClient(context.vertx(), server);
  }

  @AfterEach
  void closeClient(VertxTestContext test) {
    client.close().onComplete(test.succeedingThenComplete());
  }

  @Test
  void base64TextFrameOverWebSocketIsABinaryMessage(VertxTestContext test) {
    client.webSocket(RawEngineClient.WEBSOCKET).compose(socket -> socket.nextText().compose(open -> {
      String sid = new JsonObject(open.substring(1)).getString("sid");
      // Today: the session closes with "parse error" and next() fails.
      return socket.send("bAQIDBA==").next().map(echo -> {
        test.verify(() -> {
          assertFalse(server.isClosed(sid), "session closed: " + server.closeReason(sid));
          assertEquals(Buffer.buffer(new byte[] {1, 2, 3, 4}), echo.isText() ? null : echo.binary());
        });
        return echo;
      });
    })).onComplete(test.succeedingThenComplete());
  }

  @Test
  void binaryToAB64SessionGoesAsBase64TextFrame(VertxTestContext test) {
    client.webSocket(RawEngineClient.WEBSOCKET + "&b64=1").compose(socket -> socket.nextText()
      .compose(open -> socket.send(Buffer.buffer(new byte[] {1, 2, 3, 4})).next()))
      .onComplete(test.succeeding(echo -> test.verify(() -> {
        // Today: a binary frame.
        assertEquals("bAQIDBA==", echo.text(), "got " + echo);
        test.completeNow();
      })));
  }
}
