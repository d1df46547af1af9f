package io.roomcast.adapter;

import io.roomcast.socketio.protocol.EncodedPacket;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Adapter} must do with the sockets of its own node. Each implementation's test
 * extends this class, so the local and the clustered adapter are held to the same contract.
 */
@ExtendWith(VertxExtension.class)
abstract class AdapterContract {

  protected RecordingSockets sockets;
  protected Adapter adapter;

  /** A fresh adapter for namespace {@code /} over {@code sockets}. */
  protected abstract Adapter create(Vertx vertx, RecordingSockets sockets);

  @BeforeEach
  void setUp(Vertx vertx) {
    sockets = new RecordingSockets();
    adapter = create(vertx, sockets);
    adapter.addAll("a", Set.of("a", "red"));
    adapter.addAll("b", Set.of("b", "red", "blue"));
    adapter.addAll("c", Set.of("c", "blue"));
    sockets.rooms = adapter::socketRooms;
  }

  private static BroadcastOptions to(Set<String> rooms, Set<String> except) {
    return new BroadcastOptions(rooms, except, false, false);
  }

  @Test
  void keepsRoomsPerSocketAndSocketsPerRoom() {
    assertEquals(Set.of("b", "red", "blue"), adapter.socketRooms("b"));
    assertEquals(Map.of("a", 1, "b", 1, "c", 1, "red", 2, "blue", 2), adapter.roomSizes());
    adapter.del("b", "red");
    assertEquals(Set.of("b", "blue"), adapter.socketRooms("b"));
    adapter.delAll("c");
    assertEquals(Set.of(), adapter.socketRooms("c"));
    assertEquals(Map.of("a", 1, "b", 1, "red", 1, "blue", 1), adapter.roomSizes(), "empty rooms disappear");
  }

  @Test
  void selectsByRoomsUnionMinusExceptRooms() {
    assertEquals(Set.of("a", "b", "c"), adapter.sockets(BroadcastOptions.ALL));
    assertEquals(Set.of("a", "b"), adapter.sockets(to(Set.of("red"), Set.of())));
    assertEquals(Set.of("a", "b", "c"), adapter.sockets(to(Set.of("red", "blue"), Set.of())));
    assertEquals(Set.of("a", "c"), adapter.sockets(to(Set.of("red", "blue"), Set.of("b"))), "a socket id is a room");
    assertEquals(Set.of("a"), adapter.sockets(to(Set.of(), Set.of("blue"))), "except a room excludes its members");
    assertEquals(Set.of(), adapter.sockets(to(Set.of("nowhere"), Set.of())));
  }

  @Test
  void broadcastWritesTheSameEncodedPacketToEveryRecipientOnce(VertxTestContext test) {
    EncodedPacket packet = new EncodedPacket("2[\"hi\"]");
    adapter.broadcast(packet, to(Set.of("red", "blue"), Set.of("c")));
    test.verify(() -> {
      assertEquals(List.of("a", "b"), sockets.recipients());
      sockets.writes.forEach(write -> assertSame(packet, write.packet(), "encoded once, shared by all recipients"));
    });
    test.completeNow();
  }

  @Test
  void broadcastWithAckCountsItsRecipientsAndPassesTheirAnswersOn() {
    List<Integer> counts = new java.util.ArrayList<>();
    List<io.vertx.core.json.JsonArray> answers = new java.util.ArrayList<>();
    adapter.broadcastWithAck(new EncodedPacket("21000000000000[\"vote\"]"), 1_000_000_000_000L,
      new BroadcastOptions(Set.of("blue"), Set.of(), true, false), 5_000, counts::add, answers::add);
    assertEquals(List.of(2), counts);
    assertEquals(Set.of("b", "c"), sockets.pendingAcks.keySet());
    sockets.pendingAcks.get("c").accept(new io.vertx.core.json.JsonArray().add("yes"));
    assertEquals(List.of(new io.vertx.core.json.JsonArray().add("yes")), answers);
  }

  @Test
  void volatileFlagReachesTheSockets() {
    adapter.broadcast(new EncodedPacket("2[\"x\"]"), to(Set.of("red"), Set.of()).asVolatile());
    assertTrue(sockets.writes.stream().allMatch(RecordingSockets.Write::isVolatile));
  }

  @Test
  void fetchSocketsReportsIdsRoomsAndData(VertxTestContext test) {
    adapter.fetchSockets(to(Set.of("blue"), Set.of())).onComplete(test.succeeding(found -> test.verify(() -> {
      assertEquals(Set.of("b", "c"), Set.copyOf(found.stream().map(SocketDetails::id).toList()));
      SocketDetails b = found.stream().filter(s -> s.id().equals("b")).findFirst().orElseThrow();
      assertEquals(Set.of("b", "red", "blue"), b.rooms());
      assertEquals("b", b.data().getString("name"));
      test.completeNow();
    })));
  }

  @Test
  void socketsJoinAndLeaveChangeTheSelectedSockets() {
    adapter.addSockets(to(Set.of("red"), Set.of()), Set.of("green"));
    assertEquals(Set.of("a", "b"), adapter.sockets(to(Set.of("green"), Set.of())));
    adapter.delSockets(to(Set.of("blue"), Set.of()), Set.of("green", "red"));
    assertEquals(Set.of("a"), adapter.sockets(to(Set.of("green"), Set.of())));
    assertEquals(Set.of("a"), adapter.sockets(to(Set.of("red"), Set.of())));
  }

  @Test
  void disconnectSocketsReachesTheSelectedSockets() {
    adapter.disconnectSockets(to(Set.of("blue"), Set.of("c")), true);
    assertEquals(List.of("b:close"), sockets.disconnected);
  }
}
