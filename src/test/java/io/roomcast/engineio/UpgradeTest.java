package io.roomcast.engineio;

import io.roomcast.testing.RawWebSocket;

import io.roomcast.engineio.RawEngineClient.Handshake;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.roomcast.engineio.RequestErrorsTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The switch from long-polling to WebSocket: probe, pause, upgrade packet, and what happens to
 * the requests and sockets around it.
 */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class UpgradeTest extends QuietEchoServerTest {

  /** A polling session with a WebSocket that has been probed ({@code 2probe} answered {@code 3probe}). */
  private record Probed(String sid, RawWebSocket socket, String pong) {
  }

  private Future<Probed> probe(Handshake open) {
    return client.upgrade(open.sid())
      .compose(socket -> socket.send("2probe").nextText().map(pong -> new Probed(open.sid(), socket, pong)));
  }

  /** Handshake, probe, then the upgrade packet: the session is on WebSocket. */
  private Future<Probed> upgraded() {
    return client.handshake().compose(this::probe).map(probed -> {
      probed.socket().send("5");
      return probed;
    });
  }

  @Test
  void probeIsAnsweredWithPongProbe(VertxTestContext test) {
    client.handshake().compose(this::probe).onComplete(test.succeeding(probed -> test.verify(() -> {
      assertEquals("3probe", probed.pong());
      test.completeNow();
    })));
  }

  @Test
  void getIssuedAfterTheProbeIsAnsweredWithNoop(VertxTestContext test) {
    client.handshake().compose(this::probe).compose(probed -> client.poll(probed.sid()))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals(200, reply.status());
        assertEquals("6", reply.body());
        test.completeNow();
      })));
  }

  @Test
  void getWaitingWhenTheProbeArrivesIsAnsweredWithNoop(VertxTestContext test) {
    client.handshake().compose(open -> {
      Future<Void> held = server.handled(HttpMethod.GET, open.sid());
      Future<RawEngineClient.Reply> poll = client.poll(open.sid());
      return held.compose(v -> probe(open)).compose(probed -> poll);
    }).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertEquals(200, reply.status());
      assertEquals("6", reply.body());
      test.completeNow();
    })));
  }

  /** The whole dance as a client runs it, each step checked. */
  @Test
  void upgradeFromPollingToWebSocketStepByStep(VertxTestContext test) {
    client.handshake().compose(open -> client.upgrade(open.sid()).compose(socket -> socket.send("2probe").nextText()
      .compose(pong -> {
        test.verify(() -> assertEquals("3probe", pong));
        return client.poll(open.sid());
      })
      .compose(noop -> {
        test.verify(() -> assertEquals("6", noop.body(), "the poll after the probe ends at once"));
        return socket.send("5").send("4over websocket").nextText();
      })
      .compose(echo -> {
        test.verify(() -> assertEquals("4over websocket", echo));
        return client.poll(open.sid());
      })
      .map(poll -> {
        test.verify(() -> {
          assertError(poll, 400, 3, "Bad request");
          assertFalse(server.isClosed(open.sid()));
        });
        return poll;
      })))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void afterTheUpgradePacketMessagesFlowOverWebSocket(VertxTestContext test) {
    upgraded().compose(probed -> {
      RawWebSocket socket = probed.socket().send("4hello").send("4burst:2");
      return Future.all(socket.nextText(), socket.nextText(), socket.nextText());
    }).onComplete(test.succeeding(frames -> test.verify(() -> {
      assertEquals(List.of("4hello", "41", "42"), frames.list());
      test.completeNow();
    })));
  }

  @Test
  void binaryFlowsAsRawBytesAfterTheUpgrade(VertxTestContext test) {
    Buffer bytes = Buffer.buffer(new byte[] {1, 2, 3, 4});
    upgraded().compose(probed -> probed.socket().send(bytes).nextBinary())
      .onComplete(test.succeeding(echoed -> test.verify(() -> {
        assertEquals(bytes, echoed);
        test.completeNow();
      })));
  }

  @Test
  void messagesQueuedDuringTheProbeGoOutOverWebSocketAfterTheUpgrade(VertxTestContext test) {
    client.handshake().compose(this::probe)
      .compose(probed -> client.poll(probed.sid())
        .compose(noop -> client.post(probed.sid(), "4queued"))
        .map(ok -> probed.socket().send("5")))
      .compose(RawWebSocket::nextText)
      .onComplete(test.succeeding(frame -> test.verify(() -> {
        assertEquals("4queued", frame);
        test.completeNow();
      })));
  }

  @Test
  void pollingAfterTheUpgradeIs400Code3AndLeavesTheSessionAlone(VertxTestContext test) {
    upgraded().compose(probed -> probed.socket().send("4ready").nextText()
      .compose(ready -> Future.all(client.poll(probed.sid()), client.post(probed.sid(), "4late")))
      .compose(replies -> probed.socket().send("4still").nextText().map(echo -> {
        test.verify(() -> {
          assertError(replies.resultAt(0), 400, 3, "Bad request");
          assertError(replies.resultAt(1), 400, 3, "Bad request");
          assertEquals("4still", echo);
          assertFalse(server.isClosed(probed.sid()));
        });
        return echo;
      })))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void secondWebSocketForAnUpgradedSessionIsClosed(VertxTestContext test) {
    upgraded().compose(probed -> probed.socket().send("4ready").nextText()
      .compose(ready -> client.upgrade(probed.sid()))
      .compose(second -> second.closed())
      .compose(closed -> probed.socket().send("4first still works").nextText()))
      .onComplete(test.succeeding(echo -> test.verify(() -> {
        assertEquals("4first still works", echo);
        test.completeNow();
      })));
  }

  @Test
  void secondWebSocketDuringTheProbeIsClosedAndTheFirstUpgradeCompletes(VertxTestContext test) {
    client.handshake().compose(open -> client.upgrade(open.sid())
      .compose(first -> {
        first.send("2probe");
        return client.upgrade(open.sid()).compose(RawWebSocket::closed)
          .compose(closed -> first.nextText())
          .compose(pong -> first.send("5").send("4upgraded").nextText());
      }))
      .onComplete(test.succeeding(echo -> test.verify(() -> {
        assertEquals("4upgraded", echo);
        test.completeNow();
      })));
  }

  @Test
  void otherPacketOnTheProbeAbortsTheUpgradeAndPollingGoesOn(VertxTestContext test) {
    client.handshake().compose(open -> client.upgrade(open.sid())
      .compose(socket -> socket.send("4not yet").closed())
      .compose(closed -> client.post(open.sid(), "4on polling"))
      .compose(ok -> client.poll(open.sid())))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals("4on polling", reply.body());
        test.completeNow();
      })));
  }

  @Test
  void closingTheProbeLeavesTheSessionOnPolling(VertxTestContext test) {
    client.handshake().compose(this::probe)
      .compose(probed -> probed.socket().close()
        .compose(v -> client.post(probed.sid(), "4on polling"))
        .compose(ok -> client.poll(probed.sid())))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals("4on polling", reply.body());
        test.completeNow();
      })));
  }

  /**
   * The server counts 1..200 from a 1 ms timer while the client upgrades, as an Engine.IO client
   * does: the first number arrives over polling, then probe, pause polling, upgrade packet.
   */
  @Test
  void noPacketIsLostDuplicatedOrReorderedAcrossTheUpgrade(VertxTestContext test) {
    int total = 200;
    List<Integer> received = new ArrayList<>();
    int[] viaWebSocket = {0};
    Promise<Void> last = Promise.promise();
    client.handshake().compose(open -> client.upgrade(open.sid()).compose(socket -> {
      boolean[] probing = {false};
      PollingLoop[] loop = {null};
      loop[0] = PollingLoop.start(client, open.sid(), text -> {
        int number = Integer.parseInt(text);
        received.add(number);
        if (!probing[0]) {
          probing[0] = true;
          socket.send("2probe").nextText()
            .compose(pong -> "3probe".equals(pong) ? loop[0].pause() : Future.failedFuture("probe answered " + pong))
            .onSuccess(paused -> {
              socket.send("5");
              readWebSocket(socket, received, viaWebSocket, total, last);
            })
            .onFailure(last::tryFail);
        }
        if (number == total || received.size() >= total) {
          last.tryComplete();
        }
      });
      loop[0].failure().onFailure(last::tryFail);
      return client.post(open.sid(), "4count:" + total).compose(ok -> last.future());
    })).onComplete(test.succeeding(done -> test.verify(() -> {
      List<Integer> expected = IntStream.rangeClosed(1, total).boxed().collect(Collectors.toList());
      assertEquals(expected, received);
      assertTrue(viaWebSocket[0] > 0 && viaWebSocket[0] < total,
        "the upgrade happened mid-stream: " + viaWebSocket[0] + " of " + total + " over WebSocket");
      test.completeNow();
    })));
  }

  /** Reads numbers off the upgraded WebSocket, answering pings, until the last or {@code total} in all have arrived. */
  private static void readWebSocket(RawWebSocket socket, List<Integer> received, int[] viaWebSocket, int total,
                                    Promise<Void> last) {
    socket.nextText().onComplete(frame -> {
      if (frame.failed()) {
        last.tryFail(frame.cause());
        return;
      }
      String text = frame.result();
      int number = 0;
      if (text.equals("2")) {
        socket.send("3");
      } else if (text.startsWith("4")) {
        number = Integer.parseInt(text.substring(1));
        received.add(number);
        viaWebSocket[0]++;
      } else {
        last.tryFail("unexpected frame " + text);
        return;
      }
      if (number == total || received.size() >= total) {
        last.tryComplete();
      } else {
        readWebSocket(socket, received, viaWebSocket, total, last);
      }
    });
  }
}
