package io.roomcast.engineio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Over WebSocket a text frame {@code "b" + base64} is a binary message (engine.io-parser reads a
 * leading 'b' as base64 binary on any transport); clients that cannot send binary frames
 * (engine.io-client with {@code forceBase64}) send exactly that, and ask with {@code b64=1} for
 * binary to come back the same way.
 */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class WebSocketBase64BinaryTest extends QuietEchoServerTest {

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
