package io.roomcast.engineio;

import io.roomcast.testing.RawWebSocket;

import io.vertx.core.Future;
import io.vertx.core.Promise;
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

import static io.roomcast.engineio.RequestErrorsTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The v4 heartbeat: the server pings every pingInterval, the client pongs, and a session without
 * a pong within pingTimeout is closed. Times are only checked from below (a timer never fires
 * early), measured from a moment before the server could have started them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class HeartbeatTest {

  @RegisterExtension
  static final RunTestOnContext context = new RunTestOnContext();

  private static final int PONGS = 3;

  private static EchoEngineServer server;
  private static long pingInterval;
  private static long pingTimeout;
  private RawEngineClient client;

  @BeforeAll
  static void startServer(VertxTestContext test) {
    EchoEngineServer.deploy(context.vertx(), EchoEngineServer.shortTimings()).onComplete(test.succeeding(started -> {
      server = started;
      pingInterval = started.options().getPingInterval();
      pingTimeout = started.options().getPingTimeout();
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

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  /** Polls until the ping, checks it came no sooner than pingInterval after {@code since}, then pongs {@code left} more times. */
  private Future<Void> pingPongOverPolling(VertxTestContext test, String sid, long since, int left) {
    return client.poll(sid).compose(reply -> {
      long waited = millisSince(since);
      test.verify(() -> {
        assertEquals("2", reply.body());
        assertTrue(waited >= pingInterval, "ping after " + waited + " ms");
      });
      if (left == 0) {
        return Future.succeededFuture();
      }
      long pong = System.nanoTime();
      return client.post(sid, "3").compose(ok -> pingPongOverPolling(test, sid, pong, left - 1));
    });
  }

  @Test
  void serverPingsEveryPingIntervalOverPollingAndPongsKeepTheSession(VertxTestContext test) {
    long start = System.nanoTime();
    client.handshake().compose(open -> pingPongOverPolling(test, open.sid(), start, PONGS)
      .compose(v -> client.post(open.sid(), "3"))
      .compose(ok -> client.post(open.sid(), "4alive"))
      .compose(ok -> client.poll(open.sid()))
      .map(reply -> {
        test.verify(() -> {
          assertTrue(reply.packets().contains("4alive"), reply.body());
          assertFalse(server.isClosed(open.sid()));
          assertTrue(millisSince(start) > pingInterval + pingTimeout, "outlived one heartbeat without pong");
        });
        return reply;
      }))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void withoutPongThePollingSessionClosesAfterPingTimeout(VertxTestContext test) {
    client.handshake().compose(open -> client.poll(open.sid())
      .compose(ping -> {
        long pinged = System.nanoTime();
        test.verify(() -> assertEquals("2", ping.body()));
        return client.poll(open.sid()).map(held -> {
          test.verify(() -> {
            assertEquals(200, held.status());
            assertEquals("1", held.body(), "the waiting GET gets the close packet");
            long waited = millisSince(pinged);
            assertTrue(waited < pingTimeout + 1000, "closed after " + waited + " ms");
          });
          return held;
        });
      })
      .compose(held -> server.closeReason(open.sid()))
      .compose(reason -> client.poll(open.sid()).map(after -> {
        test.verify(() -> {
          assertEquals("ping timeout", reason);
          assertError(after, 400, 1, "Session ID unknown");
        });
        return after;
      })))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void getArrivingAfterPingIntervalPlusPingTimeoutWithoutPongIs400Code1(VertxTestContext test) {
    client.handshake().compose(open -> {
      // The rule is about elapsed time, so the test lets that time pass: the session's deadline.
      Promise<Void> deadlinePassed = Promise.promise();
      context.vertx().setTimer(pingInterval + pingTimeout + 1, t -> deadlinePassed.complete());
      return deadlinePassed.future().compose(v -> client.poll(open.sid()));
    }).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertError(reply, 400, 1, "Session ID unknown");
      test.completeNow();
    })));
  }

  @Test
  void serverPingsEveryPingIntervalOverWebSocketAndPongsKeepTheSession(VertxTestContext test) {
    long start = System.nanoTime();
    client.webSocket(RawEngineClient.WEBSOCKET).compose(socket -> socket.nextText()
      .compose(open -> pingPongOverWebSocket(test, socket, start, PONGS))
      .compose(v -> socket.send("3").send("4alive").nextText())
      .map(echo -> {
        test.verify(() -> {
          assertEquals("4alive", echo);
          assertFalse(socket.closed().isComplete());
          assertTrue(millisSince(start) > pingInterval + pingTimeout, "outlived one heartbeat without pong");
        });
        return echo;
      }))
      .onComplete(test.succeedingThenComplete());
  }

  private Future<Void> pingPongOverWebSocket(VertxTestContext test, RawWebSocket socket, long since, int left) {
    return socket.nextText().compose(frame -> {
      long waited = millisSince(since);
      test.verify(() -> {
        assertEquals("2", frame);
        assertTrue(waited >= pingInterval, "ping after " + waited + " ms");
      });
      if (left == 0) {
        return Future.succeededFuture();
      }
      long pong = System.nanoTime();
      socket.send("3");
      return pingPongOverWebSocket(test, socket, pong, left - 1);
    });
  }

  @Test
  void withoutPongTheWebSocketIsClosedAfterPingTimeout(VertxTestContext test) {
    long start = System.nanoTime();
    client.webSocket(RawEngineClient.WEBSOCKET).compose(socket -> socket.nextText()
      .compose(open -> socket.nextText().map(ping -> {
        test.verify(() -> assertEquals("2", ping));
        return new JsonObject(open.substring(1)).getString("sid");
      }))
      .compose(sid -> socket.closed().compose(code -> server.closeReason(sid))))
      .onComplete(test.succeeding(reason -> test.verify(() -> {
        assertEquals("ping timeout", reason);
        long waited = millisSince(start);
        assertTrue(waited >= pingInterval + pingTimeout, "closed after " + waited + " ms");
        test.completeNow();
      })));
  }

  @Test
  void pingFromTheClientOverPollingClosesTheSession(VertxTestContext test) {
    client.handshake().compose(open -> client.post(open.sid(), "2")
      .compose(ok -> server.closeReason(open.sid()))
      .compose(reason -> client.poll(open.sid()).map(after -> {
        test.verify(() -> {
          assertEquals("transport error", reason, "v4 clients never ping");
          assertError(after, 400, 1, "Session ID unknown");
        });
        return after;
      })))
      .onComplete(test.succeedingThenComplete());
  }
}
