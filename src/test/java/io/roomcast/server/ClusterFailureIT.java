package io.roomcast.server;

import io.roomcast.testing.Clusters;
import io.roomcast.testing.Poll;
import io.roomcast.testing.Ports;
import io.roomcast.testing.RoomcastProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.roomcast.server.ChatEvents.count;
import static io.roomcast.server.ChatEvents.roomChange;
import static io.roomcast.server.ClusterMembers.awaitOnline;
import static io.roomcast.server.ChatEvents.rooms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clusters of {@code java -jar target/roomcast.jar --cluster} processes that lose one to
 * {@code kill -9}: no goodbye, so the survivors must learn it from the cluster and clean up after
 * it, once. The clients are the official npm {@code socket.io-client}, driven step by step through
 * {@link NodeChatClients}.
 */
class ClusterFailureIT {

  private static final Duration START = Duration.ofSeconds(60);
  /** Hazelcast declares a member that stopped answering dead after 5 s (conf/cluster.xml); the rest is quick. */
  private static final Duration FAILOVER = Duration.ofSeconds(30);
  private static final String ROOM = "failover";

  @Test
  void aKilledNodesMembersGetAByeAndTheSurvivorKeepsServing() {
    Map<String, String> env = Map.of("ROOMCAST_CLUSTER_NAME", Clusters.randomName());
    try (RoomcastProcess one = RoomcastProcess.start(Ports.free(), env, "--cluster");
         RoomcastProcess two = RoomcastProcess.start(Ports.free(), env, "--cluster");
         NodeChatClients node = NodeChatClients.start()) {
      awaitMembers(2, one, two);
      String twoId = health(two).getString("nodeId");

      NodeChatClients.Client ann = node.connect("A", one.httpPort()).nickname("Ann");
      NodeChatClients.Client cat = node.connect("C", one.httpPort()).nickname("Cat");
      NodeChatClients.Client bob = node.connect("B", two.httpPort()).nickname("Bob");
      assertEquals(1, ann.request("enter_room", ROOM).getInteger("count"));
      int annMark = ann.events.mark();
      assertEquals(2, bob.request("enter_room", ROOM).getInteger("count"), "B, on process 2, is the room's second member");
      ann.events.await("welcome", new JsonArray().add("Bob").add(2).add(ROOM), annMark);
      ok(ann.request("new_message", "hello Bob", ROOM));
      awaitLine(bob, "Ann: hello Bob", 0);
      ok(bob.request("new_message", "hello Ann", ROOM));
      awaitLine(ann, "Bob: hello Ann", annMark);
      // B is also alone in a room of its own, which must vanish with it.
      assertEquals(1, bob.request("enter_room", "solo").getInteger("count"));
      ann.events.await("room_change with " + ROOM + ": 2 and solo: 1", annMark,
        e -> roomChange(ROOM, 2).test(e) && count(rooms(e), "solo") == 1);
      awaitOnline(3, one, two);

      annMark = ann.events.mark();
      two.kill();
      JsonArray bye = new JsonArray().add("Bob").add(1).add(ROOM);
      ann.events.await("bye" + bye.encode() + " after process 2 was killed", annMark, FAILOVER,
        e -> e.name().equals("bye") && e.args().equals(bye));
      ChatEvents.Event afterKill = ann.events.await("room_change with " + ROOM + ": 1 and no solo", annMark, FAILOVER,
        e -> roomChange(ROOM, 1).test(e) && count(rooms(e), "solo") == -1);
      assertEquals(new JsonArray().add(new JsonObject().put("name", ROOM).put("count", 1)), rooms(afterKill));
      JsonObject alone = awaitMembers(1, one);
      assertFalse(alone.getJsonArray("members").contains(twoId), alone.encode());
      assertEquals(1, alone.getInteger("rooms"), "only " + ROOM + " is left: " + alone.encode());
      awaitOnline(2, one);

      // Process 1 keeps serving: A's message is acknowledged, B left no ghost, C can enter and hears A.
      int catMark = cat.events.mark();
      ok(ann.request("new_message", "still here?", ROOM));
      assertEquals(members(ROOM, "Ann"), ann.request("room_members", ROOM), "no ghost of B in the room");
      assertEquals(2, cat.request("enter_room", ROOM).getInteger("count"));
      ann.events.await("welcome", new JsonArray().add("Cat").add(2).add(ROOM), annMark);
      ok(ann.request("new_message", "welcome, Cat", ROOM));
      awaitLine(cat, "Ann: welcome, Cat", catMark);
      assertEquals(List.of(bye), ann.events.received("bye", annMark), "exactly one bye for B: " + ann.events.since(annMark));
    }
  }

  /**
   * Two survivors both purge the dead node's members: each departure must still reach each client
   * exactly once, and the counts in the byes must read as if the members had left one by one.
   */
  @Test
  void twoSurvivorsSayByeOnceForEachMemberOfAKilledNode() {
    Map<String, String> env = Map.of("ROOMCAST_CLUSTER_NAME", Clusters.randomName());
    try (RoomcastProcess one = RoomcastProcess.start(Ports.free(), env, "--cluster");
         RoomcastProcess two = RoomcastProcess.start(Ports.free(), env, "--cluster");
         RoomcastProcess three = RoomcastProcess.start(Ports.free(), env, "--cluster");
         NodeChatClients node = NodeChatClients.start()) {
      awaitMembers(3, one, two, three);
      NodeChatClients.Client ann = node.connect("A", one.httpPort()).nickname("Ann");
      NodeChatClients.Client bob = node.connect("B", two.httpPort()).nickname("Bob");
      NodeChatClients.Client bea = node.connect("B2", two.httpPort()).nickname("Bea");
      NodeChatClients.Client eve = node.connect("E", three.httpPort()).nickname("Eve");
      for (NodeChatClients.Client client : List.of(ann, bob, bea, eve)) {
        client.request("enter_room", ROOM);
      }
      for (NodeChatClients.Client client : List.of(ann, bob, eve)) {
        client.request("enter_room", "second");
      }
      // B renames itself while in the rooms: the cluster's record must carry the new name to the bye.
      bob.nickname("Bobby");
      assertEquals(members("second", "Ann", "Bobby", "Eve"), ann.request("room_members", "second"));
      int annMark = ann.events.mark();
      int eveMark = eve.events.mark();
      awaitOnline(4, one, three);

      two.kill();
      for (NodeChatClients.Client client : List.of(ann, eve)) {
        int mark = client == ann ? annMark : eveMark;
        client.events.await("room_change with " + ROOM + ": 2 and second: 2", mark, FAILOVER,
          e -> roomChange(ROOM, 2).test(e) && count(rooms(e), "second") == 2);
        for (String nickname : List.of("Bobby", "Bea")) {
          client.events.await("bye(" + nickname + ", _, " + ROOM + ")", mark, FAILOVER,
            e -> e.name().equals("bye") && e.args().getString(0).equals(nickname) && e.args().getString(2).equals(ROOM));
        }
        client.events.await("bye", new JsonArray().add("Bobby").add(2).add("second"), mark);
      }
      awaitMembers(2, one, three);
      awaitOnline(2, one, three);

      // The survivors still form one chat: a message each way between processes 1 and 3.
      ok(ann.request("new_message", "just us now", ROOM));
      awaitLine(eve, "Ann: just us now", eveMark);
      ok(eve.request("new_message", "so it seems", ROOM));
      awaitLine(ann, "Eve: so it seems", annMark);
      assertEquals(members("second", "Ann", "Eve"), eve.request("room_members", "second"));
      for (NodeChatClients.Client client : List.of(ann, eve)) {
        List<JsonArray> byes = client.events.received("bye", client == ann ? annMark : eveMark);
        assertEquals(3, byes.size(), client.label + " got each bye once: " + byes);
        List<Integer> roomCounts = byes.stream().filter(bye -> bye.getString(2).equals(ROOM)).map(bye -> bye.getInteger(1)).sorted().toList();
        assertEquals(List.of(2, 3), roomCounts,
          client.label + ": two members left " + ROOM + " (4 -> 2); one bye says 3 and the other 2, as if they had left one by one: " + byes);
      }
    }
  }

  /**
   * People whose node is killed come back on the survivor at once (a new connection, the same
   * nickname), some before the survivor has purged their old connections, some after. The survivor
   * must never see "X entered" and then "X left" while X is there: for each person it sees either
   * nothing (back before the purge: the same person never left) or "left" then "entered".
   */
  @Test
  void peopleWhoComeBackAfterAKillAreNeverSeenToEnterAndThenLeave() {
    Map<String, String> env = Map.of("ROOMCAST_CLUSTER_NAME", Clusters.randomName());
    try (RoomcastProcess one = RoomcastProcess.start(Ports.free(), env, "--cluster");
         RoomcastProcess two = RoomcastProcess.start(Ports.free(), env, "--cluster");
         NodeChatClients node = NodeChatClients.start()) {
      awaitMembers(2, one, two);
      NodeChatClients.Client sam = node.connect("S", one.httpPort()).nickname("Sam");
      assertEquals(1, sam.request("enter_room", ROOM).getInteger("count"));
      List<String> people = new java.util.ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String name = String.format("P%02d", i);
        people.add(name);
        ok(node.connect(name, two.httpPort()).nickname(name).request("enter_room", ROOM));
      }
      sam.events.await("room_change with " + ROOM + ": 31", 0, roomChange(ROOM, 31));
      for (String name : people) {
        sam.events.await("welcome for " + name, 0, e -> e.name().equals("welcome") && e.args().getString(0).equals(name));
      }
      int mark = sam.events.mark();

      two.kill();
      // All connect at once; then each enters, one after the other: some before the survivor has
      // purged the dead node's members (about a second after the kill), some after.
      List<NodeChatClients.Client> back = node.connectAll(people.stream().map(name -> name + "-back").toList(),
        one.httpPort(), List.of("websocket"));
      for (int i = 0; i < people.size(); i++) {
        ok(back.get(i).nickname(people.get(i)).request("enter_room", ROOM));
      }
      // Every old connection purged: each person listed once.
      List<String> everyone = new java.util.ArrayList<>(people);
      everyone.add("Sam");
      everyone.sort(String.CASE_INSENSITIVE_ORDER);
      JsonObject members = new JsonObject().put("ok", true).put("room", ROOM).put("members", new JsonArray(everyone));
      io.roomcast.testing.Poll.until(FAILOVER, "room_members to list everyone once", () ->
        members.equals(sam.request("room_members", ROOM)) ? members : null);

      Map<String, Integer> orders = new java.util.TreeMap<>();
      for (String name : people) {
        List<String> notices = sam.events.since(mark).stream()
          .filter(e -> (e.name().equals("welcome") || e.name().equals("bye")) && e.args().getString(0).equals(name))
          .map(ChatEvents.Event::name).toList();
        // Back before the purge: nothing (the same person never left). After it: bye, then welcome;
        // or only the welcome, when the purge's bye came after it and was dropped as stale.
        assertTrue(notices.isEmpty() || notices.equals(List.of("bye", "welcome")) || notices.equals(List.of("welcome")),
          "Sam saw " + notices + " for " + name + ", who is in the room: nothing, bye then welcome, or welcome");
        orders.merge(notices.toString(), 1, Integer::sum);
      }
      System.out.println("ClusterFailureIT: 30 people back on the survivor after a kill -9: " + orders);
    }
  }

  /** Waits until each node's {@code /health} lists {@code count} members; returns the last one. Fails with every node's output. */
  private static JsonObject awaitMembers(int count, RoomcastProcess... nodes) {
    JsonObject last = null;
    try {
      for (RoomcastProcess node : nodes) {
        last = Poll.until(START, "/health on port " + node.httpPort() + " to list " + count + " members", () -> {
          assertTrue(node.process().isAlive(), () -> "process died:\n" + node.output());
          JsonObject health = health(node);
          return health != null && health.getJsonArray("members").size() == count ? health : null;
        });
      }
    } catch (AssertionError e) {
      StringBuilder outputs = new StringBuilder(e.getMessage());
      for (RoomcastProcess node : nodes) {
        outputs.append("\n--- node on port ").append(node.httpPort()).append(": ").append(node.get("/health") == null ? "no answer"
          : node.get("/health").body()).append("\n").append(node.output());
      }
      throw new AssertionError(outputs.toString(), e);
    }
    return last;
  }

  /** The node's {@code /health}, or null while it does not answer. */
  private static JsonObject health(RoomcastProcess node) {
    HttpResponse<String> response = node.get("/health");
    return response == null || response.statusCode() != 200 ? null : new JsonObject(response.body());
  }

  /** A {@code room_members} ack listing {@code nicknames}. */
  private static JsonObject members(String room, String... nicknames) {
    return new JsonObject().put("ok", true).put("room", room).put("members", new JsonArray(List.of((Object[]) nicknames)));
  }

  private static void ok(JsonObject ack) {
    assertTrue(ack.getBoolean("ok", false), ack.encode());
  }

  private static void awaitLine(NodeChatClients.Client client, String line, int from) {
    client.events.await("new_message " + line, from, e -> e.name().equals("new_message") && line.equals(e.args().getString(0)));
  }
}
