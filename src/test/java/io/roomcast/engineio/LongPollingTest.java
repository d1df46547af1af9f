package io.roomcast.engineio;

import io.roomcast.engineio.RawEngineClient.Reply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.roomcast.engineio.RequestErrorsTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * HTTP long-polling: GETs that wait for packets, POSTs that carry them, and the requests that
 * break the rules. The heartbeat is quiet here, so every answer holds exactly what the test caused.
 */
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class LongPollingTest extends QuietEchoServerTest {

  private static final char RS = EngineParser.SEPARATOR;

  /** Starts a GET for {@code sid} and completes once the server holds it; the GET's answer is in the result. */
  private Future<Future<Reply>> heldPoll(String sid) {
    Future<Void> held = server.handled(HttpMethod.GET, sid);
    Future<Reply> answer = client.poll(sid);
    return held.map(v -> answer);
  }

  private static void assertSessionGone(Reply reply) {
    assertError(reply, 400, 1, "Session ID unknown");
  }

  @Test
  void getWaitsUntilAPacketIsQueued(VertxTestContext test) {
    client.handshake().compose(open -> heldPoll(open.sid()).compose(poll -> {
      test.verify(() -> assertFalse(poll.isComplete(), "nothing was queued, the GET must wait"));
      return client.post(open.sid(), "4hello").compose(ok -> poll);
    })).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertEquals(200, reply.status());
      assertEquals("text/plain; charset=UTF-8", reply.contentType());
      assertEquals("4hello", reply.body());
      test.completeNow();
    })));
  }

  @Test
  void getReturnsAllQueuedPacketsJoinedByRecordSeparator(VertxTestContext test) {
    client.handshake()
      .compose(open -> client.post(open.sid(), "4one" + RS + "4two" + RS + "4three")
        .compose(ok -> client.poll(open.sid())))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals(200, reply.status());
        assertEquals("4one" + RS + "4two" + RS + "4three", reply.body());
        test.completeNow();
      })));
  }

  @Test
  void getReturnsPacketsTheServerQueuedAtOnceJoined(VertxTestContext test) {
    client.handshake()
      .compose(open -> client.post(open.sid(), "4burst:5").compose(ok -> client.poll(open.sid())))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals(List.of("41", "42", "43", "44", "45"), reply.packets());
        test.completeNow();
      })));
  }

  @Test
  void postIsAnsweredOkAsTextHtml(VertxTestContext test) {
    client.handshake().compose(open -> client.post(open.sid(), "4hello"))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals(200, reply.status());
        assertEquals("text/html", reply.contentType());
        assertEquals("ok", reply.body());
        test.completeNow();
      })));
  }

  @Test
  void binaryTravelsAsBase64BothWays(VertxTestContext test) {
    // Bytes 1,2,3,4. The unpadded copy comes back padded: the server decoded it to bytes and encoded them anew.
    client.handshake()
      .compose(open -> client.post(open.sid(), "bAQIDBA==" + RS + "4text" + RS + "bAQIDBA")
        .compose(ok -> client.poll(open.sid())))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals(List.of("bAQIDBA==", "4text", "bAQIDBA=="), reply.packets());
        test.completeNow();
      })));
  }

  @Test
  void emptyBinaryMessageTravelsAsABareB(VertxTestContext test) {
    client.handshake()
      .compose(open -> client.post(open.sid(), "b").compose(ok -> client.poll(open.sid())))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals("b", reply.body());
        test.completeNow();
      })));
  }

  @Test
  void textIsUtf8BothWays(VertxTestContext test) {
    String text = "4h\u00e9llo \u4e16\u754c \ud83d\ude00";
    client.handshake()
      .compose(open -> client.post(open.sid(), text).compose(ok -> client.poll(open.sid())))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals(text, reply.body());
        test.completeNow();
      })));
  }

  @Test
  void secondConcurrentGetIs400AndClosesTheSessionAnsweringTheFirstWithClose(VertxTestContext test) {
    client.handshake().compose(open -> heldPoll(open.sid())
      .compose(first -> client.poll(open.sid()).compose(second -> first.map(firstReply -> List.of(firstReply, second))))
      .compose(replies -> server.closeReason(open.sid())
        .compose(reason -> client.poll(open.sid()).map(after -> {
          test.verify(() -> {
            assertEquals(200, replies.get(0).status());
            assertEquals("1", replies.get(0).body(), "the held GET gets the close packet");
            assertEquals(400, replies.get(1).status(), "the overlapping GET");
            assertEquals("transport error", reason);
            assertSessionGone(after);
          });
          return after;
        }))))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void getWhoseConnectionTheClientDropsClosesTheSession(VertxTestContext test) {
    client.handshake().compose(open -> {
      Future<Void> held = server.handled(HttpMethod.GET, open.sid());
      Future<HttpClientRequest> poll = client.send(HttpMethod.GET, RawEngineClient.pollingQuery(open.sid()),
        MultiMap.caseInsensitiveMultiMap(), null);
      return Future.all(held, poll)
        .compose(both -> poll.result().connection().close())
        .compose(v -> server.closeReason(open.sid()))
        .compose(reason -> client.poll(open.sid()));
    }).onComplete(test.succeeding(after -> test.verify(() -> {
      assertSessionGone(after);
      test.completeNow();
    })));
  }

  @Test
  void postCloseWhileAGetWaitsAnswersThatGetWithNoopAndEndsTheSession(VertxTestContext test) {
    client.handshake().compose(open -> heldPoll(open.sid())
      .compose(poll -> client.post(open.sid(), "1").compose(post -> poll.map(get -> List.of(post, get))))
      .compose(replies -> server.closeReason(open.sid())
        .compose(reason -> client.poll(open.sid()).map(after -> {
          test.verify(() -> {
            assertEquals("ok", replies.get(0).body());
            assertEquals(200, replies.get(1).status());
            assertEquals("6", replies.get(1).body());
            assertEquals("transport close", reason);
            assertSessionGone(after);
          });
          return after;
        }))))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void postCloseWithoutAWaitingGetEndsTheSession(VertxTestContext test) {
    client.handshake().compose(open -> client.post(open.sid(), "1")
      .compose(ok -> client.poll(open.sid())))
      .onComplete(test.succeeding(after -> test.verify(() -> {
        assertSessionGone(after);
        test.completeNow();
      })));
  }

  @Test
  void postWhileAnotherPostIsStillBeingReadIs400AndClosesTheSession(VertxTestContext test) {
    MultiMap unfinished = MultiMap.caseInsensitiveMultiMap().add("Content-Length", "100");
    client.handshake().compose(open -> {
      Future<Void> reading = server.handled(HttpMethod.POST, open.sid());
      return client.begin(HttpMethod.POST, RawEngineClient.pollingQuery(open.sid()), unfinished)
        .compose(first -> first.write("4first"))
        .compose(v -> reading)
        .compose(v -> client.post(open.sid(), "4second"))
        .compose(second -> server.closeReason(open.sid())
          .compose(reason -> client.poll(open.sid()).map(after -> {
            test.verify(() -> {
              assertEquals(400, second.status());
              assertEquals("transport error", reason);
              assertSessionGone(after);
            });
            return after;
          })));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void postWithOctetStreamContentTypeIs400AndClosesTheSession(VertxTestContext test) {
    MultiMap binary = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/octet-stream");
    client.handshake().compose(open -> client.request(HttpMethod.POST, RawEngineClient.pollingQuery(open.sid()), binary, "4x")
      .compose(post -> server.closeReason(open.sid())
        .compose(reason -> client.poll(open.sid()).map(after -> {
          test.verify(() -> {
            assertEquals(400, post.status());
            assertEquals("transport error", reason);
            assertSessionGone(after);
          });
          return after;
        }))))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void postBiggerThanMaxPayloadIs413AndTheSessionSurvives(VertxTestContext test) {
    String tooBig = "4" + "x".repeat(1000);
    client.handshake().compose(open -> client.post(open.sid(), tooBig)
      .compose(refused -> client.post(open.sid(), "4after").compose(ok -> client.poll(open.sid()))
        .map(after -> {
          test.verify(() -> {
            assertEquals(413, refused.status());
            assertFalse(server.isClosed(open.sid()));
            assertEquals("4after", after.body(), "the refused payload was dropped, the session goes on");
          });
          return after;
        })))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void chunkedPostBiggerThanMaxPayloadIs413AndTheSessionSurvives(VertxTestContext test) {
    String tooBig = "4" + "x".repeat(1000);
    client.handshake().compose(open -> client.postChunked(open.sid(), tooBig)
      .compose(refused -> client.post(open.sid(), "4after").compose(ok -> client.poll(open.sid()))
        .map(after -> {
          test.verify(() -> {
            assertEquals(413, refused.status());
            assertFalse(server.isClosed(open.sid()));
            assertEquals("4after", after.body());
          });
          return after;
        })))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void postOfExactlyMaxPayloadIsAccepted(VertxTestContext test) {
    String exact = "4" + "x".repeat(999);
    client.handshake().compose(open -> client.post(open.sid(), exact).compose(ok -> client.poll(open.sid())))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals(1000, exact.length());
        assertEquals(exact, reply.body());
        test.completeNow();
      })));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "9x", "b!!!", "4ok\u001e7", "\u001e"})
  void malformedPayloadIs400AndClosesOnlyThatSession(String payload, VertxTestContext test) {
    client.handshake().compose(other -> client.handshake().compose(victim -> client.post(victim.sid(), payload)
      .compose(post -> server.closeReason(victim.sid())
        .compose(reason -> client.poll(victim.sid())
          .compose(after -> client.post(other.sid(), "4still here").compose(ok -> client.poll(other.sid()))
            .map(echo -> {
              test.verify(() -> {
                assertError(post, 400, 3, "Bad request");
                assertEquals("parse error", reason);
                assertSessionGone(after);
                assertEquals("4still here", echo.body(), "the other session keeps working");
              });
              return echo;
            }))))))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void malformedPayloadAnswersAWaitingGetWithClose(VertxTestContext test) {
    client.handshake().compose(open -> heldPoll(open.sid())
      .compose(poll -> client.post(open.sid(), "9x").compose(post -> poll)))
      .onComplete(test.succeeding(get -> test.verify(() -> {
        assertEquals(200, get.status());
        assertEquals("1", get.body());
        test.completeNow();
      })));
  }

  @Test
  void pollOnAClosedSessionIs400Code1ForGetAndPost(VertxTestContext test) {
    client.handshake().compose(open -> client.post(open.sid(), "1")
      .compose(ok -> Future.all(client.poll(open.sid()), client.post(open.sid(), "4late"))))
      .onComplete(test.succeeding(both -> test.verify(() -> {
        assertSessionGone(both.resultAt(0));
        assertSessionGone(both.resultAt(1));
        test.completeNow();
      })));
  }
}
