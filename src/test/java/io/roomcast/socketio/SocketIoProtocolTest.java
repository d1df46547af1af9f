package io.roomcast.socketio;

import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EngineServer;
import io.roomcast.testing.RawWebSocket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Socket.IO layer seen on the wire: raw WebSocket frames in, raw frames out. Bad input closes
 * only the connection that sent it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class SocketIoProtocolTest {

  private Vertx vertx;
  /** Held for the whole test: Vert.x closes a client that is no longer referenced, connections and all. */
  private WebSocketClient client;
  private int port;
  private SocketIoServer io;
  private final Promise<Socket> lastMainSocket = Promise.promise();
  private final Promise<String> lastDisconnectReason = Promise.promise();

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient();
    EngineServer engine = EngineServer.create(vertx, new EngineOptions().setPath("/socket.io/").setPingInterval(60_000));
    io = SocketIoServer.create(vertx, new SocketIoOptions().setConnectTimeout(1000)).attach(engine);
    io.of("/").onConnection(socket -> {
      socket.emit("auth", socket.handshake().auth());
      socket.on("message", (args, ack) -> socket.emit("message-back", args.getList().toArray()));
      socket.on("message-with-ack", (args, ack) -> ack.send(args.getList().toArray()));
      socket.on("join", (args, ack) -> {
        socket.join(args.getString(0));
        ack.send("joined");
      });
      socket.on("shout", (args, ack) -> socket.to(args.getString(0)).emit("shouted", args.getValue(1)));
      socket.onDisconnect(lastDisconnectReason::tryComplete);
      lastMainSocket.tryComplete(socket);
    });
    io.of("/admin").use(socket -> "s3cret".equals(socket.handshake().auth().getString("token"))
      ? Future.succeededFuture()
      : Future.failedFuture(new ConnectionRefused("not authorized", new JsonObject().put("code", 42))));
    io.ofMatching(java.util.regex.Pattern.compile("/dyn-\\d+"), nsp -> nsp.onConnection(s -> s.emit("hello", nsp.name())));
    HttpServer server = vertx.createHttpServer().requestHandler(engine::handle);
    server.listen(0, "127.0.0.1").onComplete(test.succeeding(listening -> {
      port = listening.actualPort();
      test.completeNow();
    }));
  }

  /** An Engine.IO WebSocket session whose open packet was read. */
  private Future<RawWebSocket> engine() {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
      .setURI("/socket.io/?EIO=4&transport=websocket");
    return RawWebSocket.connect(client.webSocket(), options)
      .compose(ws -> ws.nextText().map(open -> {
        assertTrue(open.startsWith("0{"), open);
        return ws;
      }));
  }

  /** Connected to {@code /}, with the CONNECT answer and the auth event read. */
  private Future<RawWebSocket> connected() {
    return engine().compose(ws -> {
      ws.send("40");
      return ws.nextText().compose(connect -> {
        assertTrue(connect.startsWith("40{\"sid\":\""), connect);
        return ws.nextText();
      }).map(auth -> {
        assertEquals("42[\"auth\",{}]", auth);
        return ws;
      });
    });
  }

  @Test
  void connectAnswersWithTheSocketIdAndHandlersSeeTheAuthPayload(VertxTestContext test) {
    engine().compose(ws -> {
      ws.send("40{\"token\":\"123\"}");
      return ws.nextText().compose(connect -> ws.nextText().map(auth -> {
        JsonObject sid = new JsonObject(connect.substring(2));
        test.verify(() -> {
          assertEquals(1, sid.size());
          assertEquals(20, sid.getString("sid").length());
          assertEquals("42[\"auth\",{\"token\":\"123\"}]", auth);
        });
        return sid.getString("sid");
      }));
    }).compose(sid -> lastMainSocket.future().map(socket -> {
      test.verify(() -> {
        assertEquals(sid, socket.id());
        assertTrue(socket.rooms().contains(sid), "every socket sits in its own room");
      });
      return socket;
    })).onComplete(test.succeedingThenComplete());
  }

  @Test
  void unknownNamespaceGetsConnectErrorAndTheConnectionStaysUsable(VertxTestContext test) {
    engine().compose(ws -> {
      ws.send("40/nope,");
      return ws.nextText().compose(error -> {
        test.verify(() -> assertEquals("44/nope,{\"message\":\"Invalid namespace\"}", error));
        ws.send("40");
        return ws.nextText();
      });
    }).onComplete(test.succeeding(connect -> test.verify(() -> {
      assertTrue(connect.startsWith("40{\"sid\""), connect);
      test.completeNow();
    })));
  }

  @ParameterizedTest
  @ValueSource(strings = {"42{}", "42abc[\"message\"]", "4abc", "42[\"disconnect\"]", "42[\"connect\"]", "42[]", "41{}", "4", "43[]",
    "451-[\"message\",{\"_placeholder\":true,\"num\":0}]\u0000then-text", "40", "44{\"message\":\"x\"}", "42/admin,[\"message\"]"})
  void malformedOrOutOfStatePacketClosesOnlyThatConnection(String bad, VertxTestContext test) {
    connected().compose(bystander -> connected().compose(offender -> {
      if (bad.contains("\u0000")) {
        String[] parts = bad.split("\u0000");
        offender.send(parts[0]).send(parts[1]);
      } else {
        offender.send(bad);
      }
      return offender.closed();
    }).compose(closed -> {
      bystander.send("42[\"message\",\"still here\"]");
      return bystander.nextText();
    })).onComplete(test.succeeding(echo -> test.verify(() -> {
      assertEquals("42[\"message-back\",\"still here\"]", echo);
      test.completeNow();
    })));
  }

  @Test
  void aConnectionThatNeverJoinsANamespaceIsClosedAfterTheConnectTimeout(VertxTestContext test) {
    engine().compose(RawWebSocket::closed).onComplete(test.succeedingThenComplete());
  }

  @Test
  void middlewareRefusesWithMessageAndData(VertxTestContext test) {
    engine().compose(ws -> {
      ws.send("40/admin,{\"token\":\"wrong\"}");
      return ws.nextText().compose(refused -> {
        test.verify(() -> assertEquals("44/admin,{\"message\":\"not authorized\",\"data\":{\"code\":42}}", refused));
        ws.send("40/admin,{\"token\":\"s3cret\"}");
        return ws.nextText();
      });
    }).onComplete(test.succeeding(accepted -> test.verify(() -> {
      assertTrue(accepted.startsWith("40/admin,{\"sid\":\""), accepted);
      test.completeNow();
    })));
  }

  @Test
  void dynamicNamespacesAreCreatedOnFirstUse(VertxTestContext test) {
    engine().compose(ws -> {
      ws.send("40/dyn-7,");
      return ws.nextText().compose(connect -> ws.nextText()).compose(hello -> {
        test.verify(() -> assertEquals("42/dyn-7,[\"hello\",\"/dyn-7\"]", hello));
        ws.send("40/dyn-x,");
        return ws.nextText();
      });
    }).onComplete(test.succeeding(refused -> test.verify(() -> {
      assertEquals("44/dyn-x,{\"message\":\"Invalid namespace\"}", refused);
      test.completeNow();
    })));
  }

  @Test
  void clientDisconnectLeavesTheNamespaceButKeepsTheConnection(VertxTestContext test) {
    connected().compose(ws -> {
      ws.send("40/dyn-1,");
      return ws.nextText().compose(connect -> ws.nextText()).compose(hello -> {
        ws.send("41");
        return lastDisconnectReason.future();
      }).compose(reason -> {
        test.verify(() -> assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, reason));
        ws.send("42/dyn-1,[\"anything\"]");
        ws.send("41/dyn-1,");
        ws.send("40");
        return ws.nextText();
      });
    }).onComplete(test.succeeding(connect -> test.verify(() -> {
      assertTrue(connect.startsWith("40{\"sid\""), connect);
      test.completeNow();
    })));
  }

  @Test
  void serverAckCompletesOnceAndLateOrDuplicateAcksAreIgnored(VertxTestContext test) {
    connected().compose(ws -> lastMainSocket.future().compose(socket -> {
      Future<JsonArray> answered = socket.timeout(Duration.ofSeconds(5)).emitWithAck("question", 1);
      return ws.nextText().compose(question -> {
        test.verify(() -> assertEquals("420[\"question\",1]", question));
        ws.send("430[\"first\"]").send("430[\"second\"]").send("4399[\"unknown\"]");
        return answered;
      }).compose(args -> {
        test.verify(() -> assertEquals(new JsonArray().add("first"), args));
        Future<JsonArray> unanswered = socket.timeout(Duration.ofMillis(200)).emitWithAck("question", 2);
        return unanswered.transform(result -> {
          test.verify(() -> assertInstanceOf(TimeoutException.class, result.cause()));
          ws.send("431[\"too late\"]");
          ws.send("42[\"message\",\"alive\"]");
          return ws.nextText().compose(q2 -> ws.nextText());
        });
      });
    })).onComplete(test.succeeding(echo -> test.verify(() -> {
      assertEquals("42[\"message-back\",\"alive\"]", echo);
      test.completeNow();
    })));
  }

  @Test
  void clientAckIsAnsweredOnceWithTheHandlersArguments(VertxTestContext test) {
    connected().compose(ws -> {
      ws.send("4212[\"message-with-ack\",1,\"two\",{\"3\":[true,null]},2.5]");
      return ws.nextText();
    }).onComplete(test.succeeding(ack -> test.verify(() -> {
      assertEquals("4312[1,\"two\",{\"3\":[true,null]},2.5]", ack);
      test.completeNow();
    })));
  }

  @Test
  void roomBroadcastReachesTheOthersInTheRoomButNotTheSender(VertxTestContext test) {
    connected().compose(alice -> connected().compose(bob -> connected().compose(carol -> {
      alice.send("421[\"join\",\"r\"]");
      bob.send("421[\"join\",\"r\"]");
      return alice.nextText().compose(a -> bob.nextText()).compose(b -> {
        alice.send("42[\"shout\",\"r\",\"hi\"]");
        carol.send("42[\"message\",\"carol hears nothing before this\"]");
        return bob.nextText().compose(heard -> carol.nextText().map(carols -> {
          test.verify(() -> {
            assertEquals("42[\"shouted\",\"hi\"]", heard);
            assertEquals("42[\"message-back\",\"carol hears nothing before this\"]", carols);
          });
          alice.send("42[\"message\",\"alice next\"]");
          return alice;
        }));
      }).compose(a -> a.nextText());
    }))).onComplete(test.succeeding(aliceNext -> test.verify(() -> {
      assertEquals("42[\"message-back\",\"alice next\"]", aliceNext, "the sender did not get its own broadcast");
      test.completeNow();
    })));
  }

  @Test
  void broadcastWithAckGathersOneAnswerPerClientOrTimesOut(VertxTestContext test) {
    connected().compose(alice -> connected().compose(bob -> {
      alice.send("421[\"join\",\"poll\"]");
      bob.send("421[\"join\",\"poll\"]");
      return alice.nextText().compose(a -> bob.nextText()).compose(joined -> {
        Future<JsonArray> votes = io.of("/").to("poll").timeout(Duration.ofSeconds(5)).emitWithAck("vote?", 1);
        return alice.nextText().compose(question -> {
          String id = question.substring(2, question.indexOf('['));
          test.verify(() -> assertEquals("42" + id + "[\"vote?\",1]", question));
          alice.send("43" + id + "[\"yes\"]");
          return bob.nextText().map(q -> {
            bob.send("43" + id + "[\"no\",\"ignored\"]");
            return q;
          });
        }).compose(q -> votes);
      }).compose(votes -> {
        test.verify(() -> assertEquals(Set.of("yes", "no"), Set.copyOf(votes.getList())));
        // Nobody answers this one.
        return io.of("/").to("poll").timeout(Duration.ofMillis(300)).emitWithAck("again?").transform(result -> {
          test.verify(() -> {
            assertInstanceOf(TimeoutException.class, result.cause());
            assertTrue(result.cause().getMessage().contains("0 of 2"), result.cause().getMessage());
          });
          return Future.succeededFuture();
        });
      });
    })).onComplete(test.succeedingThenComplete());
  }

  @Test
  void serverSideDisconnectSendsDisconnectPacket(VertxTestContext test) {
    connected().compose(ws -> lastMainSocket.future().compose(socket -> {
      socket.disconnect(false);
      return ws.nextText().compose(packet -> lastDisconnectReason.future().map(reason -> {
        test.verify(() -> {
          assertEquals("41", packet);
          assertEquals(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, reason);
        });
        return ws;
      }));
    })).onComplete(test.succeedingThenComplete());
  }

  @Test
  void reservedEventNamesCannotBeEmittedByTheServer(VertxTestContext test) {
    connected().compose(ws -> lastMainSocket.future()).onComplete(test.succeeding(socket -> test.verify(() -> {
      for (String reserved : new String[] {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"}) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> socket.emit(reserved));
      }
      test.completeNow();
    })));
  }
}
