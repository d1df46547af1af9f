package io.roomcast.adapter;

import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EngineServer;
import io.roomcast.socketio.SocketIoOptions;
import io.roomcast.socketio.SocketIoServer;
import io.roomcast.testing.Clusters;
import io.roomcast.testing.RawWebSocket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * socket.io's adapter operations across two clustered nodes, each a Socket.IO server with the
 * event-bus adapter and one client: fetchSockets, socketsJoin, serverSideEmit, broadcast with acks.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ClusterOperationsTest {

  private record Node(Vertx vertx, SocketIoServer io, int port) {
  }

  private static final List<Node> nodes = new ArrayList<>();
  /** Held for the whole test: Vert.x closes a client that is no longer referenced, connections and all. */
  private WebSocketClient client;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    String cluster = Clusters.randomName();
    for (int i = 0; i < 2; i++) {
      Vertx vertx = Clusters.member(cluster).await(60, TimeUnit.SECONDS);
      String name = "node-" + i;
      Promise<Node> started = Promise.promise();
      // The server lives on one context, as a gateway verticle's does.
      vertx.runOnContext(v -> {
        EngineServer engine = EngineServer.create(vertx, new EngineOptions().setPath("/socket.io/").setPingInterval(60_000));
        SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions().setAdapterFactory(EventBusAdapter.factory(vertx)))
          .attach(engine);
        io.of("/").onConnection(socket -> socket.data().put("node", name));
        io.of("/").onServerSideEmit("who", (args, ack) -> ack.send(name + ":" + args.getString(0)));
        vertx.createHttpServer().requestHandler(engine::handle).listen(0, "127.0.0.1")
          .onSuccess(server -> started.complete(new Node(vertx, io, server.actualPort())))
          .onFailure(started::fail);
      });
      nodes.add(started.future().await(30, TimeUnit.SECONDS));
    }
  }

  @AfterAll
  static void stopNodes() throws Exception {
    for (Node node : nodes) {
      node.vertx().close().await(30, TimeUnit.SECONDS);
    }
  }

  private Future<RawWebSocket> connect(Vertx vertx, Node node) {
    if (client == null) {
      client = vertx.createWebSocketClient();
    }
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port())
      .setURI("/socket.io/?EIO=4&transport=websocket");
    return RawWebSocket.connect(client.webSocket(), options)
      .compose(ws -> ws.nextText().compose(open -> {
        ws.send("40");
        return ws.nextText();
      }).map(connected -> ws));
  }

  /** Runs {@code action} on node 0's server context, where its namespace lives. */
  private static <T> Future<T> onNode0(java.util.function.Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    nodes.get(0).vertx().runOnContext(v -> action.get().onComplete(result));
    return result.future();
  }

  /** Waits until both nodes' adapters have heard of each other; fails with what each node sees after 20 s. */
  private static Future<Void> peersKnown(Vertx vertx) {
    Promise<Void> known = Promise.promise();
    long started = System.nanoTime();
    vertx.setPeriodic(0, 20, timer -> onNode0(() -> Future.succeededFuture(nodes.get(0).io().of("/").adapter().serverCount()))
      .onSuccess(count -> {
        if (count == 2 && known.tryComplete()) {
          vertx.cancelTimer(timer);
        } else if (System.nanoTime() - started > 20_000_000_000L) {
          vertx.cancelTimer(timer);
          known.tryFail("the adapters did not find each other: " + diagnostics());
        }
      }));
    return known.future();
  }

  private static String diagnostics() {
    StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      var members = ((io.vertx.core.internal.VertxInternal) node.vertx()).clusterManager().getNodes();
      out.append(" [members ").append(members).append(" peers ")
        .append(((EventBusAdapter) node.io().of("/").adapter()).peers()).append(']');
    }
    return out.toString();
  }

  @Test
  void fetchSocketsSocketsJoinAndBroadcastWithAckSpanBothNodes(Vertx vertx, VertxTestContext test) {
    connect(vertx, nodes.get(0)).compose(ann -> connect(vertx, nodes.get(1)).compose(bob -> peersKnown(vertx)
      .compose(v -> onNode0(() -> nodes.get(0).io().of("/").broadcast().fetchSockets()))
      .compose(found -> {
        test.verify(() -> {
          assertEquals(2, found.size());
          assertEquals(Set.of("node-0", "node-1"), Set.copyOf(found.stream().map(s -> s.data().getString("node")).toList()));
          found.forEach(s -> assertTrue(s.rooms().contains(s.id()), "each socket is in its own room"));
          assertTrue(found.stream().allMatch(s -> s.handshake().containsKey("headers")));
        });
        // Put every socket, wherever it lives, into "team", then ask the team.
        return onNode0(() -> {
          nodes.get(0).io().of("/").broadcast().socketsJoin("team");
          return Future.succeededFuture();
        });
      })
      .compose(v -> waitForRoomOnNode1(vertx, "team"))
      .compose(v -> {
        Future<JsonArray> answers = onNode0(() -> nodes.get(0).io().of("/").to("team").timeout(Duration.ofSeconds(5)).emitWithAck("ready?"));
        return answerAck(ann, "ann").compose(a -> answerAck(bob, "bob")).compose(b -> answers);
      })
      .compose(answers -> ann.close().compose(a -> bob.close()).map(closed -> answers))))
      .onComplete(test.succeeding(answers -> test.verify(() -> {
        assertEquals(Set.of("ann", "bob"), Set.copyOf(answers.getList()));
        test.completeNow();
      })));
  }

  @Test
  void serverSideEmitWithAckGetsTheOtherNodesAnswer(Vertx vertx, VertxTestContext test) {
    peersKnown(vertx)
      .compose(v -> onNode0(() -> nodes.get(0).io().of("/").serverSideEmitWithAck(Duration.ofSeconds(5), "who", "asks")))
      .onComplete(test.succeeding(answers -> test.verify(() -> {
        assertEquals(new JsonArray().add("node-1:asks"), answers, "node 1 answered; node 0 does not answer itself");
        test.completeNow();
      })));
  }

  private static Future<Void> waitForRoomOnNode1(Vertx vertx, String room) {
    Promise<Void> joined = Promise.promise();
    Node node1 = nodes.get(1);
    vertx.setPeriodic(0, 20, timer -> node1.vertx().runOnContext(v -> {
      if (node1.io().of("/").adapter().roomSizes().containsKey(room) && joined.tryComplete()) {
        vertx.cancelTimer(timer);
      }
    }));
    return joined.future();
  }

  /** Reads the broadcast that asks for an ack and answers it with {@code answer}. */
  private static Future<Void> answerAck(RawWebSocket ws, String answer) {
    return ws.nextText().map(question -> {
      String id = question.substring(2, question.indexOf('['));
      ws.send("43" + id + "[\"" + answer + "\"]");
      return null;
    });
  }
}
