package io.roomcast.engineio;

import io.roomcast.testing.RawWebSocket;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upgrade that never completes: the probe WebSocket is dropped after upgradeTimeout and the
 * session carries on over polling. Two endpoints: {@code beating} with the short heartbeat, so
 * pings keep flowing over polling meanwhile, and {@code quiet}, where a probed client may stop
 * polling without being timed out.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class UpgradeTimeoutTest {

  @RegisterExtension
  static final RunTestOnContext context = new RunTestOnContext();

  private static EchoEngineServer beating;
  private static EchoEngineServer quiet;
  private RawEngineClient toBeating;
  private RawEngineClient toQuiet;

  @BeforeAll
  static void startServers(VertxTestContext test) {
    Future.all(
        EchoEngineServer.deploy(context.vertx(), EchoEngineServer.shortTimings().setPath("/beating/")),
        EchoEngineServer.deploy(context.vertx(), EchoEngineServer.quietHeartbeat().setPath("/quiet/")))
      .onComplete(test.succeeding(both -> {
        beating = both.resultAt(0);
        quiet = both.resultAt(1);
        test.completeNow();
      }));
  }

  @BeforeEach
  void createClients() {
    toBeating = new RawEngineClient(context.vertx(), beating);
    toQuiet = new RawEngineClient(context.vertx(), quiet);
  }

  @AfterEach
  void closeClients(VertxTestContext test) {
    Future.all(toBeating.close(), toQuiet.close()).onComplete(test.succeedingThenComplete());
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  @Test
  void probeWebSocketThatNeverUpgradesIsDroppedAfterUpgradeTimeoutWhilePollingAndHeartbeatGoOn(VertxTestContext test) {
    long upgradeTimeout = beating.options().getUpgradeTimeout();
    toBeating.handshake().compose(open -> {
      Promise<Void> afterArrived = Promise.promise();
      PollingLoop loop = PollingLoop.start(toBeating, open.sid(), text -> {
        if (text.equals("after")) {
          afterArrived.tryComplete();
        }
      });
      loop.failure().onFailure(test::failNow);
      long opening = System.nanoTime();
      return toBeating.upgrade(open.sid())
        .compose(RawWebSocket::closed)
        .compose(closed -> {
          long waited = millisSince(opening);
          test.verify(() -> assertTrue(waited >= upgradeTimeout, "probe dropped after " + waited + " ms"));
          return toBeating.post(open.sid(), "4after");
        })
        .compose(ok -> afterArrived.future())
        .compose(v -> loop.pause())
        .map(v -> {
          test.verify(() -> {
            assertFalse(beating.isClosed(open.sid()), "the session outlived several heartbeats on polling");
            assertTrue(loop.polls() >= 3, "pings were answered over polling: " + loop.polls() + " polls");
          });
          return v;
        });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void probedWebSocketThatNeverSendsUpgradeIsDroppedAfterUpgradeTimeoutAndPollingGoesOn(VertxTestContext test) {
    long upgradeTimeout = quiet.options().getUpgradeTimeout();
    toQuiet.handshake().compose(open -> {
      long opening = System.nanoTime();
      return toQuiet.upgrade(open.sid())
        .compose(socket -> socket.send("2probe").nextText().compose(pong -> {
          test.verify(() -> assertEquals("3probe", pong));
          return toQuiet.poll(open.sid());
        }).compose(noop -> {
          test.verify(() -> assertEquals("6", noop.body(), "the poll ends so the client could upgrade"));
          return socket.closed();
        }))
        .compose(closed -> {
          long waited = millisSince(opening);
          test.verify(() -> assertTrue(waited >= upgradeTimeout, "probe dropped after " + waited + " ms"));
          Future<Void> held = quiet.handled(HttpMethod.GET, open.sid());
          Future<RawEngineClient.Reply> poll = toQuiet.poll(open.sid());
          return held.compose(v -> {
            test.verify(() -> assertFalse(poll.isComplete(), "back on plain polling, a GET waits for packets"));
            return toQuiet.post(open.sid(), "4after");
          }).compose(ok -> poll);
        })
        .map(reply -> {
          test.verify(() -> {
            assertEquals("4after", reply.body());
            assertFalse(quiet.isClosed(open.sid()));
          });
          return reply;
        });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void upgradeAfterADroppedProbeStillWorks(VertxTestContext test) {
    toQuiet.handshake().compose(open -> toQuiet.upgrade(open.sid())
      .compose(RawWebSocket::closed)
      .compose(closed -> toQuiet.upgrade(open.sid()))
      .compose(socket -> socket.send("2probe").nextText()
        .compose(pong -> socket.send("5").send("4upgraded").nextText())))
      .onComplete(test.succeeding(echo -> test.verify(() -> {
        assertEquals("4upgraded", echo);
        test.completeNow();
      })));
  }
}
