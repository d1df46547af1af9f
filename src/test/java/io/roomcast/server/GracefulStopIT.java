package io.roomcast.server;

import io.roomcast.testing.RoomcastProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.roomcast.server.ChatEvents.roomChange;
import static io.roomcast.server.ClusterMembers.awaitMembers;
import static io.roomcast.server.ClusterMembers.awaitOnline;
import static io.roomcast.server.ClusterMembers.health;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code --cluster} instance stopped with SIGTERM (what {@code docker stop}, systemd and
 * Kubernetes send): the launcher's shutdown hook closes Vert.x, the instance closes its sockets so
 * their clients can reconnect elsewhere, its users leave their rooms with one {@code bye} each, and
 * the process exits by itself. The clients are the official npm {@code socket.io-client}.
 */
class GracefulStopIT {

  /** The whole stop takes well under a second here; the rest is margin for a loaded machine. */
  private static final Duration STOP = Duration.ofSeconds(20);
  /** Closing the sockets is the stop's first step: a client hears of it at once, long before a ping timeout (45 s). */
  private static final Duration SOCKETS_CLOSED = Duration.ofSeconds(5);
  /** The JVM's exit status after a SIGTERM whose shutdown hooks finished: 128 + 15. */
  private static final int SIGTERM_EXIT = 143;
  private static final String ROOM = "graceful";

  @Test
  void aStoppedInstanceClosesItsSocketsAndItsUsersLeaveOnce(@TempDir Path dir) {
    List<Map<String, String>> members = ClusterMembers.isolated(2);
    try (RoomcastProcess one = ClusterMembers.start(members.get(0));
         RoomcastProcess two = ClusterMembers.start(members.get(1));
         NodeChatClients node = NodeChatClients.start()) {
      awaitMembers(2, one, two);
      String twoId = health(two).getString("nodeId");

      NodeChatClients.Client ann = node.connect("A", one.httpPort()).nickname("Ann");
      NodeChatClients.Client bob = node.connect("B", two.httpPort()).nickname("Bob");
      assertEquals(1, ann.request("enter_room", ROOM).getInteger("count"));
      int annMark = ann.events.mark();
      assertEquals(2, bob.request("enter_room", ROOM).getInteger("count"), "B, on process 2, is the room's second member");
      ann.events.await("welcome", new JsonArray().add("Bob").add(2).add(ROOM), annMark);
      ann.events.await("room_change with " + ROOM + ": 2", annMark, roomChange(ROOM, 2));

      annMark = ann.events.mark();
      int bobMark = bob.events.mark();
      long stopped = System.nanoTime();
      two.process().destroy();  // SIGTERM

      ChatEvents.Event disconnect = bob.events.await("disconnect after SIGTERM to process 2", bobMark, SOCKETS_CLOSED,
        e -> e.name().equals("disconnect"));
      Duration closedAfter = Duration.ofNanos(System.nanoTime() - stopped);
      // Not "io server disconnect": after that one the client would not reconnect by itself.
      assertEquals("transport close", disconnect.args().getString(0), "B's socket was closed by the server");

      JsonArray bye = new JsonArray().add("Bob").add(1).add(ROOM);
      ann.events.await("bye" + bye.encode() + " after process 2 was stopped", annMark, STOP,
        e -> e.name().equals("bye") && e.args().equals(bye));
      // The survivors' purge starts only once process 1 saw process 2 leave the cluster: a bye before that came from process 2 itself.
      JsonObject atBye = health(one);
      boolean byeFromProcess2 = atBye != null && atBye.getJsonArray("members").contains(twoId);
      ann.events.await("room_change with " + ROOM + ": 1", annMark, STOP, roomChange(ROOM, 1));

      int exitCode = two.awaitExit(STOP);
      Duration exitedAfter = Duration.ofNanos(System.nanoTime() - stopped);
      assertEquals(SIGTERM_EXIT, exitCode, () -> "process 2 ended by its shutdown hook; output:\n" + two.output());
      JsonObject alone = awaitMembers(1, one);
      assertFalse(alone.getJsonArray("members").contains(twoId), alone.encode());
      awaitOnline(1, one);

      // Process 1 serves on, without a ghost of B; then a marker: a newcomer's welcome comes after any late bye.
      assertEquals(members("Ann"), ann.request("room_members", ROOM), "no ghost of B in the room");
      NodeChatClients.Client cat = node.connect("C", one.httpPort()).nickname("Cat");
      assertEquals(2, cat.request("enter_room", ROOM).getInteger("count"));
      ann.events.await("welcome", new JsonArray().add("Cat").add(2).add(ROOM), annMark);
      ok(ann.request("new_message", "still here", ROOM));
      assertEquals(List.of(bye), ann.events.received("bye", annMark), "exactly one bye for B: " + ann.events.since(annMark));

      report("B's disconnect", disconnect.args().encode() + " " + closedAfter.toMillis() + " ms after SIGTERM");
      report("process 2", "exit code " + exitCode + ", " + exitedAfter.toMillis() + " ms after SIGTERM");
      report("B's bye", byeFromProcess2 ? "sent while process 2 was still a member: process 2 removed B itself"
        : "process 1 had already seen process 2 leave: sent by either (process 2 removing B, or process 1's purge)");
    }
  }

  /** A {@code room_members} ack listing {@code nicknames}. */
  private static JsonObject members(String... nicknames) {
    return new JsonObject().put("ok", true).put("room", ROOM).put("members", new JsonArray(List.of((Object[]) nicknames)));
  }

  private static void ok(JsonObject ack) {
    assertTrue(ack.getBoolean("ok", false), ack.encode());
  }

  /** What the run saw, in the build's output: worth reading, not asserted. */
  private static void report(String what, String seen) {
    System.out.println("[GracefulStopIT] " + what + ": " + seen);
  }
}
