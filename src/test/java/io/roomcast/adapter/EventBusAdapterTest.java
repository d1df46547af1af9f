package io.roomcast.adapter;

import io.roomcast.socketio.protocol.EncodedPacket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event-bus adapter keeps the local contract, and fans broadcasts out to its peers. */
class EventBusAdapterTest extends AdapterContract {

  @Override
  protected Adapter create(Vertx vertx, RecordingSockets sockets) {
    return new EventBusAdapter(vertx, "/", sockets);
  }

  @Test
  void broadcastsReachThePeersLocalSocketsOnceAndNotTheirOwnAgain(Vertx vertx, VertxTestContext test) {
    RecordingSockets peerSockets = new RecordingSockets();
    EventBusAdapter peer = new EventBusAdapter(vertx, "/", peerSockets);
    peer.addAll("p1", Set.of("p1", "red"));
    peer.addAll("p2", Set.of("p2", "blue"));
    RecordingSockets otherNamespace = new RecordingSockets();
    EventBusAdapter elsewhere = new EventBusAdapter(vertx, "/other", otherNamespace);
    elsewhere.addAll("o1", Set.of("o1", "red"));
    EncodedPacket packet = new EncodedPacket("52-[\"x\",{\"_placeholder\":true,\"num\":0}]", List.of(Buffer.buffer("bytes")));
    peer.ready().compose(v -> ((EventBusAdapter) adapter).ready()).onComplete(test.succeeding(ready -> {
      adapter.broadcast(packet, new BroadcastOptions(Set.of("red"), Set.of(), false, false));
      // The publish is delivered asynchronously; a second, marker broadcast tells us when it is through.
      vertx.setPeriodic(10, timer -> {
        if (peerSockets.writes.isEmpty()) {
          return;
        }
        vertx.cancelTimer(timer);
        test.verify(() -> {
          assertEquals(List.of("a", "b"), sockets.recipients(), "local sockets once, not again from the bus");
          assertEquals(List.of("p1"), peerSockets.recipients());
          assertEquals(packet, peerSockets.writes.get(0).packet());
          assertEquals(List.of(), otherNamespace.recipients(), "other namespaces are not reached");
        });
        test.completeNow();
      });
    }));
  }

  @Test
  void localBroadcastStaysOnThisAdapter(Vertx vertx, VertxTestContext test) {
    RecordingSockets peerSockets = new RecordingSockets();
    EventBusAdapter peer = new EventBusAdapter(vertx, "/", peerSockets);
    peer.addAll("p1", Set.of("p1", "red"));
    peer.ready().onComplete(test.succeeding(ready -> {
      adapter.broadcast(new EncodedPacket("2[\"local\"]"), new BroadcastOptions(Set.of("red"), Set.of(), true, false));
      adapter.broadcast(new EncodedPacket("2[\"everywhere\"]"), new BroadcastOptions(Set.of("red"), Set.of(), false, false));
      vertx.setPeriodic(10, timer -> {
        if (peerSockets.writes.isEmpty()) {
          return;
        }
        vertx.cancelTimer(timer);
        test.verify(() -> assertEquals(List.of("2[\"everywhere\"]"),
          peerSockets.writes.stream().map(w -> w.packet().text()).toList(), "the local one never left, the next one did"));
        test.completeNow();
      });
    }));
  }

  /** Two adapters of namespace "/" that know each other; the second has sockets p1 (red) and p2 (blue). */
  private Future<EventBusAdapter> peerWithSockets(Vertx vertx, RecordingSockets peerSockets) {
    EventBusAdapter peer = new EventBusAdapter(vertx, "/", peerSockets);
    peer.addAll("p1", Set.of("p1", "red"));
    peer.addAll("p2", Set.of("p2", "blue"));
    peerSockets.rooms = peer::socketRooms;
    EventBusAdapter self = (EventBusAdapter) adapter;
    Promise<EventBusAdapter> known = Promise.promise();
    vertx.setPeriodic(0, 10, timer -> {
      if (self.peers().size() == 1 && peer.peers().size() == 1 && known.tryComplete(peer)) {
        vertx.cancelTimer(timer);
      }
    });
    return known.future();
  }

  @Test
  void fetchSocketsGathersEveryAdaptersSockets(Vertx vertx, VertxTestContext test) {
    RecordingSockets peerSockets = new RecordingSockets();
    peerWithSockets(vertx, peerSockets)
      .compose(peer -> adapter.fetchSockets(new BroadcastOptions(Set.of("red"), Set.of(), false, false)))
      .onComplete(test.succeeding(found -> test.verify(() -> {
        assertEquals(Set.of("a", "b", "p1"), Set.copyOf(found.stream().map(SocketDetails::id).toList()));
        SocketDetails p1 = found.stream().filter(s -> s.id().equals("p1")).findFirst().orElseThrow();
        assertEquals(Set.of("p1", "red"), p1.rooms());
        assertEquals("p1", p1.data().getString("name"));
        test.completeNow();
      })));
  }

  @Test
  void socketsJoinAndDisconnectReachThePeersSockets(Vertx vertx, VertxTestContext test) {
    RecordingSockets peerSockets = new RecordingSockets();
    peerWithSockets(vertx, peerSockets).onComplete(test.succeeding(peer -> {
      adapter.addSockets(new BroadcastOptions(Set.of("blue"), Set.of(), false, false), Set.of("green"));
      adapter.disconnectSockets(new BroadcastOptions(Set.of("red"), Set.of(), false, false), false);
      vertx.setPeriodic(10, timer -> {
        if (peerSockets.disconnected.isEmpty()) {
          return;
        }
        vertx.cancelTimer(timer);
        test.verify(() -> {
          assertEquals(Set.of("p2", "blue", "green"), peer.socketRooms("p2"), "the join was applied where the socket lives");
          assertEquals(List.of("p1"), peerSockets.disconnected);
          assertEquals(Set.of("b", "c"), adapter.sockets(new BroadcastOptions(Set.of("green"), Set.of(), false, false)));
        });
        test.completeNow();
      });
    }));
  }

  @Test
  void serverSideEmitWithAckGathersOneAnswerPerPeer(Vertx vertx, VertxTestContext test) {
    RecordingSockets peerSockets = new RecordingSockets();
    peerSockets.serverSide = (event, reply) -> reply.accept(new JsonArray().add("pong:" + event.getString(1)));
    peerWithSockets(vertx, peerSockets)
      .compose(peer -> adapter.serverSideEmitWithAck(new JsonArray().add("ping").add("x"), java.time.Duration.ofSeconds(5)))
      .onComplete(test.succeeding(answers -> test.verify(() -> {
        assertEquals(List.of(new JsonArray().add("pong:x")), answers);
        assertEquals(List.of(), sockets.serverSideEvents, "the sender does not receive its own event");
        test.completeNow();
      })));
  }

  @Test
  void serverSideEmitWithAckFailsWhenAPeerDoesNotAnswer(Vertx vertx, VertxTestContext test) {
    RecordingSockets peerSockets = new RecordingSockets();
    peerSockets.serverSide = (event, reply) -> { };
    peerWithSockets(vertx, peerSockets)
      .compose(peer -> adapter.serverSideEmitWithAck(new JsonArray().add("ping"), java.time.Duration.ofMillis(200)))
      .onComplete(test.failing(e -> test.verify(() -> {
        assertTrue(e.getMessage().contains("0 responses received out of 1"), e.getMessage());
        test.completeNow();
      })));
  }

  @Test
  void broadcastWithAckReachesThePeersSocketsAndBringsTheirAnswersBack(Vertx vertx, VertxTestContext test) {
    RecordingSockets peerSockets = new RecordingSockets();
    List<Integer> counts = new java.util.ArrayList<>();
    List<JsonArray> answers = new java.util.ArrayList<>();
    peerWithSockets(vertx, peerSockets).onComplete(test.succeeding(peer -> {
      test.verify(() -> assertEquals(2, adapter.serverCount()));
      adapter.broadcastWithAck(new EncodedPacket("21000000000001[\"vote\"]"), 1_000_000_000_001L,
        new BroadcastOptions(Set.of("red"), Set.of(), false, false), 5_000, counts::add, answers::add);
      vertx.setPeriodic(10, timer -> {
        if (peerSockets.pendingAcks.isEmpty() || counts.size() < 2) {
          return;
        }
        if (answers.isEmpty()) {
          peerSockets.pendingAcks.get("p1").accept(new JsonArray().add("from p1"));
          return;
        }
        vertx.cancelTimer(timer);
        test.verify(() -> {
          assertEquals(List.of(2, 1), counts, "this adapter's two red sockets, then the peer's one");
          assertEquals(List.of(new JsonArray().add("from p1")), answers);
        });
        test.completeNow();
      });
    }));
  }

  @Test
  void codecRoundTripsEveryField() {
    BroadcastMessage.Codec codec = new BroadcastMessage.Codec();
    BroadcastMessage message = new BroadcastMessage("origin-1",
      new EncodedPacket("52-/chat,[\"é\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        List.of(Buffer.buffer(new byte[] {1, 2}), Buffer.buffer(new byte[0]))),
      new BroadcastOptions(Set.of("r1", "r2"), Set.of("x"), true, true));
    Buffer wire = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(wire, message);
    assertEquals(message, codec.decodeFromWire("prefix".length(), wire));
  }
}
