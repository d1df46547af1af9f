package io.roomcast.engineio;

import io.roomcast.testing.RawWebSocket;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Sessions opened over WebSocket: one packet per frame, binary as raw bytes, and the frames
 * that end a session. The heartbeat is quiet here, so no ping comes between the frames a test expects.
 */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class WebSocketTransportTest extends QuietEchoServerTest {

  /** A WebSocket session whose open packet has been read. */
  private record Session(String sid, RawWebSocket socket) {
  }

  private Future<Session> open() {
    return client.webSocket(RawEngineClient.WEBSOCKET).compose(socket -> socket.nextText()
      .map(open -> new Session(new JsonObject(open.substring(1)).getString("sid"), socket)));
  }

  /** Checks that {@code session} still echoes. */
  private static Future<String> echo(Session session, String text) {
    return session.socket().send("4" + text).nextText();
  }

  @Test
  void webSocketSendsOnePacketPerFrame(VertxTestContext test) {
    open().compose(session -> {
      RawWebSocket socket = session.socket().send("4burst:3");
      return Future.all(socket.nextText(), socket.nextText(), socket.nextText());
    }).onComplete(test.succeeding(frames -> test.verify(() -> {
      assertEquals(List.of("41", "42", "43"), frames.list());
      test.completeNow();
    })));
  }

  @Test
  void webSocketTakesOnePacketPerFrame(VertxTestContext test) {
    open().compose(session -> {
      RawWebSocket socket = session.socket().send("4first").send("4second").send("4");
      return Future.all(socket.nextText(), socket.nextText(), socket.nextText());
    }).onComplete(test.succeeding(frames -> test.verify(() -> {
      assertEquals(List.of("4first", "4second", "4"), frames.list());
      test.completeNow();
    })));
  }

  @Test
  void binaryFramesCarryRawBytes(VertxTestContext test) {
    Buffer bytes = Buffer.buffer(new byte[] {1, 2, 3, 4});
    open().compose(session -> session.socket().send(bytes).nextBinary())
      .onComplete(test.succeeding(echoed -> test.verify(() -> {
        assertEquals(bytes, echoed);
        test.completeNow();
      })));
  }

  @Test
  void binaryAndTextFramesKeepTheirOrder(VertxTestContext test) {
    Buffer bytes = Buffer.buffer(new byte[] {(byte) 0xff, 0, 0x7f});
    open().compose(session -> {
      RawWebSocket socket = session.socket().send("4before").send(bytes).send("4after");
      return Future.all(socket.next(), socket.next(), socket.next());
    }).onComplete(test.succeeding(frames -> test.verify(() -> {
      List<RawWebSocket.Frame> list = frames.list();
      assertEquals("4before", list.get(0).text());
      assertEquals(bytes, list.get(1).binary());
      assertEquals("4after", list.get(2).text());
      test.completeNow();
    })));
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "", "9", "/4", "7"})
  void malformedTextFrameClosesThatSessionOnly(String frame, VertxTestContext test) {
    Future.all(open(), open()).compose(both -> {
      Session victim = both.resultAt(0);
      Session other = both.resultAt(1);
      victim.socket().send(frame);
      return Future.all(victim.socket().closed(), server.closeReason(victim.sid()))
        .compose(closed -> echo(other, "still here").map(echo -> {
          test.verify(() -> {
            assertEquals("parse error", closed.resultAt(1));
            assertEquals("4still here", echo);
            assertFalse(server.isClosed(other.sid()));
          });
          return echo;
        }));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void textMessageLargerThanMaxPayloadClosesThatSocket(VertxTestContext test) {
    String tooBig = "4" + "x".repeat(1000);
    Future.all(open(), open()).compose(both -> {
      Session victim = both.resultAt(0);
      Session other = both.resultAt(1);
      victim.socket().send(tooBig);
      return Future.all(victim.socket().closed(), server.closeReason(victim.sid()))
        .compose(closed -> echo(other, "still here"));
    }).onComplete(test.succeeding(echo -> test.verify(() -> {
      assertEquals("4still here", echo);
      test.completeNow();
    })));
  }

  @Test
  void binaryMessageLargerThanMaxPayloadClosesThatSocket(VertxTestContext test) {
    open().compose(session -> {
      session.socket().send(Buffer.buffer(new byte[1001]));
      return Future.all(session.socket().closed(), server.closeReason(session.sid()));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void messageOfExactlyMaxPayloadIsAccepted(VertxTestContext test) {
    String exact = "x".repeat(999);
    open().compose(session -> echo(session, exact))
      .onComplete(test.succeeding(echo -> test.verify(() -> {
        assertEquals("4" + exact, echo);
        test.completeNow();
      })));
  }

  @Test
  void closingTheWebSocketClosesTheSession(VertxTestContext test) {
    open().compose(session -> session.socket().close().compose(v -> server.closeReason(session.sid())))
      .onComplete(test.succeeding(reason -> test.verify(() -> {
        assertEquals("transport close", reason);
        test.completeNow();
      })));
  }

  @Test
  void pingFromTheClientClosesTheSession(VertxTestContext test) {
    open().compose(session -> {
      session.socket().send("2");
      return Future.all(session.socket().closed(), server.closeReason(session.sid()));
    }).onComplete(test.succeeding(closed -> test.verify(() -> {
      assertEquals("transport error", closed.resultAt(1), "v4 clients never ping");
      test.completeNow();
    })));
  }

  @Test
  void pollingOnAWebSocketSessionIs400Code3(VertxTestContext test) {
    open().compose(session -> client.poll(session.sid()).map(reply -> {
      test.verify(() -> {
        RequestErrorsTest.assertError(reply, 400, 3, "Bad request");
        assertFalse(server.isClosed(session.sid()), "the session is not affected");
      });
      return reply;
    })).onComplete(test.succeedingThenComplete());
  }
}
