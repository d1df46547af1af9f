package io.roomcast.server;

import com.hazelcast.core.HazelcastInstance;
import io.roomcast.testing.Clusters;
import io.roomcast.testing.Ports;
import io.roomcast.testing.RawWebSocket;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WebSocket that lands on a node which does not own its session, as behind a round-robin load
 * balancer: the session is opened by polling node A, the WebSocket goes to node B, and B relays it
 * over the clustered event bus to A, where the session upgrades to it as if it were local. The
 * nodes run the conformance profile, whose {@code message} echo carries binary arguments too.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class WebSocketRelayTest {

  private static final int MAX_PAYLOAD = 10_000;
  private static final String BINARY_EVENT = "451-[\"message\",{\"_placeholder\":true,\"num\":0}]";
  private static final String BINARY_ECHO = "451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]";

  private static String cluster;
  private static final List<Node> nodes = new ArrayList<>();
  private static int portA;
  private static int portB;

  private HttpClient http;
  private WebSocketClient webSockets;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    cluster = Clusters.randomName();
    for (int i = 0; i < 2; i++) {
      nodes.add(startNode());
    }
    portA = nodes.get(0).port();
    portB = nodes.get(1).port();
  }

  private record Node(Vertx vertx, int port) {
  }

  private static Node startNode() throws Exception {
    int port = Ports.free();
    Vertx vertx = Clusters.member(cluster).await(60, TimeUnit.SECONDS);
    JsonObject config = new JsonObject()
      .put("http", new JsonObject().put("port", port).put("host", "127.0.0.1"))
      .put("engine", new JsonObject().put("maxPayload", MAX_PAYLOAD))
      .put("conformance", new JsonObject().put("enabled", true));
    vertx.deployVerticle(RoomcastVerticle.class.getName(), new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
    return new Node(vertx, port);
  }

  @AfterAll
  static void stopNodes() throws Exception {
    for (Node node : nodes) {
      node.vertx().close().await(30, TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void clients(Vertx vertx) {
    http = vertx.createHttpClient();
    webSockets = vertx.createWebSocketClient();
  }

  @AfterEach
  void closeClients(VertxTestContext test) {
    Future.all(http.close(), webSockets.close()).onComplete(test.succeedingThenComplete());
  }

  private record Reply(int status, String body) {
  }

  private Future<Reply> call(HttpMethod method, int port, String uri) {
    return within(method + " " + uri + " on " + port, http.request(method, port, "127.0.0.1", uri)
      .compose(request -> request.send())
      .compose(response -> response.body().map(b -> new Reply(response.statusCode(), b.toString()))));
  }

  /** {@code step}, failing with {@code what} if it takes longer than 10 s: a stuck step fails the test at once, saying where. */
  private static <T> Future<T> within(String what, Future<T> step) {
    return step.timeout(10, TimeUnit.SECONDS).recover(failure -> Future.failedFuture(new AssertionError(what + ": " + failure, failure)));
  }

  private Future<Reply> poll(int port, String sid) {
    return call(HttpMethod.GET, port, "/socket.io/?EIO=4&transport=polling&sid=" + sid);
  }

  /** A polling session opened on the node at {@code port}: its id. */
  private Future<String> handshake(int port) {
    return call(HttpMethod.GET, port, "/socket.io/?EIO=4&transport=polling")
      .map(open -> new JsonObject(open.body().substring(1)).getString("sid"));
  }

  private Future<RawWebSocket> webSocket(int port, String sid, String extra) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
      .setURI("/socket.io/?EIO=4&transport=websocket&sid=" + sid + extra).setAllowOriginHeader(false);
    return within("a WebSocket on " + port, RawWebSocket.connect(webSockets.webSocket(), options));
  }

  /** A session opened by polling {@code owner}, upgraded to a WebSocket opened on {@code relay}, and connected to namespace {@code /}. */
  private record Upgraded(String sid, RawWebSocket socket) {
  }

  private Future<Upgraded> upgradeThrough(int owner, int relay, String extra, VertxTestContext test) {
    return handshake(owner).compose(sid -> webSocket(relay, sid, extra).compose(socket -> {
      socket.send("2probe");
      return within("a text frame", socket.nextText()).compose(pong -> {
        test.verify(() -> assertEquals("3probe", pong));
        // The client pauses polling: its last GET, sent to the owner, ends with a noop.
        return poll(owner, sid);
      }).compose(noop -> {
        test.verify(() -> assertEquals(new Reply(200, "6"), noop));
        socket.send("5").send("40");
        return within("a text frame", socket.nextText());
      }).compose(connected -> {
        test.verify(() -> assertTrue(connected.startsWith("40{\"sid\":\""), connected));
        return within("a text frame", socket.nextText());
      }).map(auth -> {
        test.verify(() -> assertEquals("42[\"auth\",{}]", auth));
        return new Upgraded(sid, socket);
      });
    }));
  }

  private Future<JsonObject> health(int port) {
    return call(HttpMethod.GET, port, "/health").map(reply -> new JsonObject(reply.body()));
  }

  /** Completes once {@code probe} holds, looking every 20 ms; fails after 10 s naming {@code what}. */
  private static Future<Void> until(Vertx vertx, String what, Supplier<Future<Boolean>> probe) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    look(vertx, what, probe, deadline, done);
    return done.future();
  }

  private static void look(Vertx vertx, String what, Supplier<Future<Boolean>> probe, long deadline, Promise<Void> done) {
    probe.get().onComplete(seen -> {
      if (seen.succeeded() && seen.result()) {
        done.complete();
      } else if (System.nanoTime() > deadline) {
        done.fail("timed out waiting for " + what);
      } else {
        vertx.setTimer(20, t -> look(vertx, what, probe, deadline, done));
      }
    });
  }

  private static Predicate<Reply> unknownSession() {
    return reply -> reply.status() == 400 && reply.body().contains("Session ID unknown");
  }

  @Test
  void aWebSocketOnTheOtherNodeUpgradesTheSessionAndCarriesTextAndBinary(Vertx vertx, VertxTestContext test) {
    upgradeThrough(portA, portB, "", test).compose(upgraded -> {
      RawWebSocket socket = upgraded.socket();
      socket.send("42[\"message\",\"hello\",1]");
      return within("a text frame", socket.nextText()).compose(echo -> {
        test.verify(() -> assertEquals("42[\"message-back\",\"hello\",1]", echo));
        socket.send(BINARY_EVENT).send(Buffer.buffer(new byte[] {1, 2, 3, (byte) 255}));
        return within("a text frame", socket.nextText());
      }).compose(header -> {
        test.verify(() -> assertEquals(BINARY_ECHO, header));
        return within("a binary frame", socket.nextBinary());
      }).compose(attachment -> {
        test.verify(() -> assertEquals(Buffer.buffer(new byte[] {1, 2, 3, (byte) 255}), attachment));
        // A burst keeps its order both ways.
        for (int i = 0; i < 50; i++) {
          socket.send("42[\"message\"," + i + "]");
        }
        Future<Void> inOrder = Future.succeededFuture();
        for (int i = 0; i < 50; i++) {
          String expected = "42[\"message-back\"," + i + "]";
          inOrder = inOrder.compose(v -> within("a text frame", socket.nextText())).map(echo -> {
            test.verify(() -> assertEquals(expected, echo));
            return null;
          });
        }
        return inOrder;
      }).compose(v -> Future.all(health(portA), health(portB), poll(portA, upgraded.sid())))
        .map(seen -> {
          test.verify(() -> {
            // The session lives on A, on a WebSocket (B's part is only the relay); polling it now is a poll after the upgrade.
            assertEquals(1, seen.<JsonObject>resultAt(0).getInteger("websockets"), seen.resultAt(0).toString());
            assertEquals(0, seen.<JsonObject>resultAt(1).getInteger("websockets"), seen.resultAt(1).toString());
            assertEquals(new Reply(400, "{\"code\":3,\"message\":\"Bad request\"}"), seen.resultAt(2));
          });
          return upgraded;
        });
    }).compose(upgraded -> {
      // The client closes: A's session sees its transport close, and ends.
      upgraded.socket().close();
      return until(vertx, "A to forget the session", () -> poll(portA, upgraded.sid()).map(unknownSession()::test))
        .compose(v -> until(vertx, "A to count no WebSocket", () -> health(portA).map(h -> h.getInteger("websockets") == 0)));
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void base64WasAskedForSoBinaryComesBackAsText(VertxTestContext test) {
    upgradeThrough(portA, portB, "&b64=1", test).compose(upgraded -> {
      RawWebSocket socket = upgraded.socket();
      socket.send(BINARY_EVENT).send(Buffer.buffer(new byte[] {1, 2, 3}));
      return within("a text frame", socket.nextText()).compose(header -> {
        test.verify(() -> assertEquals(BINARY_ECHO, header));
        return within("a text frame", socket.nextText());
      }).compose(attachment -> {
        test.verify(() -> assertEquals("bAQID", attachment));
        return socket.close();
      });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void whenTheOwnersSessionEndsTheRelayClosesTheClientsSocket(Vertx vertx, VertxTestContext test) {
    upgradeThrough(portA, portB, "", test).compose(upgraded -> {
      // Not an Engine.IO packet: A's session ends with a parse error and closes its transport.
      upgraded.socket().send("not a packet");
      return within("the close", upgraded.socket().closed()).map(code -> {
        test.verify(() -> assertEquals((short) 1000, code));
        return upgraded;
      });
    }).compose(upgraded -> poll(portA, upgraded.sid()))
      .onComplete(test.succeeding(after -> test.verify(() -> {
        assertTrue(unknownSession().test(after), after.toString());
        test.completeNow();
      })));
  }

  @Test
  void aSecondWebSocketForAnUpgradedSessionIsAcceptedAndClosedAtOnce(VertxTestContext test) {
    upgradeThrough(portA, portB, "", test).compose(upgraded -> webSocket(portB, upgraded.sid(), "")
      .compose(second -> within("the second socket's close", second.closed()))
      .compose(code -> {
        // The first one carries on.
        upgraded.socket().send("42[\"message\",\"still here\"]");
        return within("a text frame", upgraded.socket().nextText());
      })
      .compose(echo -> {
        test.verify(() -> assertEquals("42[\"message-back\",\"still here\"]", echo));
        return upgraded.socket().close();
      }))
      .onComplete(test.succeedingThenComplete());
  }

  /**
   * maxPayload holds as it does for a local WebSocket: the node the client reached refuses a frame
   * over it (its HTTP server's frame limit: closed 1009) or a message over it in smaller frames (its
   * message limit: a transport error, closed), and A's session ends. Local and relayed, side by side.
   */
  @Test
  void aMessageOverMaxPayloadEndsTheRelayedSocketAsItEndsALocalOne(Vertx vertx, VertxTestContext test) {
    String tooBig = "4" + "x".repeat(MAX_PAYLOAD);
    Consumer<RawWebSocket> oneFrame = socket -> socket.send(tooBig);
    Consumer<RawWebSocket> fragments = socket -> socket
      .sendFrame(WebSocketFrame.textFrame(tooBig.substring(0, MAX_PAYLOAD / 2), false))
      .sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(tooBig.substring(MAX_PAYLOAD / 2)), true));
    Future.all(List.of(
        tooBig(vertx, portA, oneFrame, test), tooBig(vertx, portB, oneFrame, test),
        tooBig(vertx, portA, fragments, test), tooBig(vertx, portB, fragments, test)))
      .onComplete(test.succeeding(codes -> test.verify(() -> {
        assertEquals(List.of((short) 1009, (short) 1009), List.of(codes.<Short>resultAt(0), codes.<Short>resultAt(1)),
          "one frame over maxPayload, local then relayed: closed 1009 (message too big)");
        assertEquals(codes.<Short>resultAt(2), codes.<Short>resultAt(3), "fragments over maxPayload: local, then relayed");
        test.completeNow();
      })));
  }

  /** Upgrades a session of A on the node at {@code port}, sends what {@code send} sends; completes with the close code once A's session ended. */
  private Future<Short> tooBig(Vertx vertx, int port, Consumer<RawWebSocket> send, VertxTestContext test) {
    return upgradeThrough(portA, port, "", test).compose(upgraded -> {
      send.accept(upgraded.socket());
      return within("the close", upgraded.socket().closed()).compose(code ->
        until(vertx, "A to end the session", () -> poll(portA, upgraded.sid()).map(unknownSession()::test)).map(code));
    });
  }

  @Test
  void aWebSocketForASessionThatExistsNowhereIsRefusedAsUnknown(VertxTestContext test) {
    handshake(portA).compose(sid -> {
      String forged = sid.substring(0, 6) + "AAAAAAAAAAAAAAAAAAAA";
      return http.request(HttpMethod.GET, portB, "127.0.0.1", "/socket.io/?EIO=4&transport=websocket&sid=" + forged)
        .compose(request -> request.putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade")
          .putHeader("Sec-WebSocket-Version", "13").putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").send())
        .compose(response -> response.body().map(b -> new Reply(response.statusCode(), b.toString())));
    }).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertEquals(new Reply(400, "{\"code\":1,\"message\":\"Session ID unknown\"}"), reply);
      test.completeNow();
    })));
  }

  /**
   * Node C vanishes without a goodbye (its Hazelcast member terminated): A's session, whose
   * WebSocket C relayed, loses its transport; the client whose session C owned, relayed by B, has
   * its socket closed by B.
   */
  @Test
  void whenANodeVanishesTheOtherEndOfItsRelaysEnds(Vertx vertx, VertxTestContext test) throws Exception {
    Node c = startNode();
    upgradeThrough(portA, c.port(), "", test).compose(relayedByC -> upgradeThrough(c.port(), portB, "", test)
      .compose(ownedByC -> {
        HazelcastInstance hazelcast = ((HazelcastClusterManager) ((VertxInternal) c.vertx()).clusterManager()).getHazelcastInstance();
        hazelcast.getLifecycleService().terminate();
        return Future.all(
          until(vertx, "A to end the session C relayed", () -> poll(portA, relayedByC.sid()).map(unknownSession()::test)),
          within("B to close the socket whose session C owned", ownedByC.socket().closed()));
      }))
      .eventually(() -> c.vertx().close().recover(ignored -> Future.succeededFuture()))
      .onComplete(test.succeedingThenComplete());
  }
}
