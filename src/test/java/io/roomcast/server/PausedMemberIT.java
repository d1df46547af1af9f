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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member of a three-process cluster stands still for 8 s ({@code kill -STOP}, then
 * {@code kill -CONT}) while every client talks: longer than the 5 s after which the others remove
 * it, so on waking it finds itself cut off. It must not serve an island: its clients are refused
 * until it is back, never told a message went out when it did not; it must be back within 15 s;
 * and then rooms, counts, {@code room_members} and presence must be exact on every node. Once as a
 * plain member, once as the master (whose loss the others must first agree on).
 *
 * <p>The clients are the official npm {@code socket.io-client} ({@link ChatTraffic}), two per node,
 * over WebSocket and over long-polling, each sending a numbered message every 100 ms and
 * reconnecting by itself. Every message is counted: each one a sender was told went out must
 * reach every other client, live or in the history of its next {@code enter_room}, and none twice.
 * The history is made long enough (2,000 messages) to hold every message of the run.
 */
class PausedMemberIT {

  private static final Duration START = Duration.ofSeconds(60);
  /** How long the member stands still: past the 5 s heartbeat timeout of conf/cluster.xml. */
  private static final Duration PAUSE = Duration.ofSeconds(8);
  /** The bound: back in the cluster within 15 s of waking, master or not. */
  private static final Duration MERGE = Duration.ofSeconds(15);
  private static final String ROOM = "busy";

  @Test
  void aPlainMemberThatStoodStillServesNoIslandAndComesBackExact() {
    run(2);
  }

  @Test
  void theMasterThatStoodStillServesNoIslandAndComesBackExact() {
    run(0);
  }

  /** {@code victim}: index of the member to freeze; members start one after the other, so 0 is the master. */
  private static void run(int victim) {
    Map<String, String> env = Map.of("ROOMCAST_CLUSTER_NAME", Clusters.randomName(), "ROOMCAST_CHAT_HISTORY_SIZE", "2000");
    List<RoomcastProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(RoomcastProcess.start(Ports.free(), env, "--cluster"));
        awaitServing(i + 1, START, nodes.toArray(RoomcastProcess[]::new));
      }
      List<ChatTraffic.Client> clients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        clients.add(new ChatTraffic.Client("ws" + i, nodes.get(i).httpPort()));
        clients.add(new ChatTraffic.Client("poll" + i, nodes.get(i).httpPort(), List.of("polling")));
      }
      RoomcastProcess frozen = nodes.get(victim);
      List<RoomcastProcess> survivors = new ArrayList<>(nodes);
      survivors.remove(frozen);
      try (ChatTraffic traffic = ChatTraffic.start(ROOM, clients)) {
        awaitMore(traffic, traffic.report(), 10, "every client's first messages");

        signal(frozen, "STOP");
        long stoppedAt = System.nanoTime();
        // The survivors notice, remove it and keep serving their clients meanwhile.
        awaitServing(2, START, survivors.toArray(RoomcastProcess[]::new));
        int sentBefore = traffic.report().outcomes().getOrDefault("ok", 0);
        long removedAt = System.nanoTime();
        // The fault is a pause of this length: the test holds it, it waits for nothing.
        LockSupport.parkNanos(Math.max(0, PAUSE.toNanos() - (removedAt - stoppedAt)));
        signal(frozen, "CONT");
        long wokeAt = System.nanoTime();

        awaitServing(3, MERGE, nodes.toArray(RoomcastProcess[]::new));
        long mergedAt = System.nanoTime();
        ChatTraffic.Report during = traffic.report();
        assertTrue(during.outcomes().getOrDefault("ok", 0) > sentBefore, "the survivors' clients kept chatting: " + during.outcomes());
        for (String label : List.of("ws" + victim, "poll" + victim)) {
          assertTrue(!during.client(label).getJsonArray("disconnects").isEmpty(),
            label + ", on the member that stood still, was disconnected (not left on an island): " + during.client(label).encode());
        }
        // Everybody back in the room, talking, then quiet.
        ChatTraffic.Report back = Poll.until(START, "every client connected and in the room again", () -> {
          ChatTraffic.Report now = traffic.report();
          return clients.stream().allMatch(c -> now.client(c.label()).getBoolean("entered")) ? now : null;
        });
        awaitMore(traffic, back, 10, "messages after the merge");
        traffic.stop();

        long exactAt = awaitExact(nodes, traffic, clients);
        ChatTraffic.Report report = traffic.report();
        int deliveries = report.assertNothingLostOrDoubled();
        System.out.printf("PausedMemberIT (member %d of 3 stood still %d ms): removed by the others after %d ms; back in the"
            + " cluster and serving %d ms after it woke; rooms, counts, members and presence exact on every node %d ms after"
            + " that; messages %s; %d deliveries counted, none lost or doubled%n",
          victim, TimeUnit.NANOSECONDS.toMillis(wokeAt - stoppedAt), TimeUnit.NANOSECONDS.toMillis(removedAt - stoppedAt),
          TimeUnit.NANOSECONDS.toMillis(mergedAt - wokeAt), TimeUnit.NANOSECONDS.toMillis(exactAt - mergedAt),
          report.outcomes(), deliveries);
      }
    } finally {
      for (RoomcastProcess node : nodes) {
        if (node.process().isAlive()) {
          signal(node, "CONT");
        }
        node.close();
      }
    }
  }

  /**
   * Waits until every node has the room with all clients in it, the same everywhere: {@code /health}
   * counts them online and one room, each client's last {@code room_change} says so, and a client on
   * each node gets every nickname from {@code room_members}. Returns when.
   */
  private static long awaitExact(List<RoomcastProcess> nodes, ChatTraffic traffic, List<ChatTraffic.Client> clients) {
    int count = clients.size();
    JsonArray rooms = new JsonArray().add(new JsonObject().put("name", ROOM).put("count", count));
    JsonArray nicknames = new JsonArray(clients.stream().map(ChatTraffic.Client::label).sorted(String.CASE_INSENSITIVE_ORDER).toList());
    Poll.until(START, "every node to count " + count + " online in one room, and every client to see " + rooms.encode(), () -> {
      for (RoomcastProcess node : nodes) {
        JsonObject health = ClusterMembers.health(node);
        if (health == null || health.getInteger("online") != count || health.getInteger("rooms") != 1) {
          return null;
        }
      }
      ChatTraffic.Report report = traffic.report();
      return clients.stream().allMatch(c -> rooms.equals(report.client(c.label()).getJsonArray("roomChange"))) ? report : null;
    });
    long exactAt = System.nanoTime();
    for (int i = 0; i < nodes.size(); i++) {
      assertEquals(new JsonObject().put("ok", true).put("room", ROOM).put("members", nicknames), traffic.members("ws" + i),
        "room_members asked on node " + i);
    }
    return exactAt;
  }

  /** Waits until every client was told {@code more} of its messages went out since {@code before}. */
  private static void awaitMore(ChatTraffic traffic, ChatTraffic.Report before, int more, String what) {
    Map<String, Map<String, Integer>> earlier = before.acknowledged();
    Poll.until(START, what + " (" + more + " more acknowledged per client)", () -> {
      Map<String, Map<String, Integer>> now = traffic.report().acknowledged();
      return now.entrySet().stream().allMatch(sent -> sent.getValue().size() >= earlier.get(sent.getKey()).size() + more) ? now : null;
    });
  }

  /** Waits until each node lists {@code members} members and serves ({@code /health} 200, status UP). */
  private static void awaitServing(int members, Duration timeout, RoomcastProcess... nodes) {
    for (RoomcastProcess node : nodes) {
      Poll.until(timeout, "/health on port " + node.httpPort() + " to list " + members + " members and serve", () -> {
        HttpResponse<String> response = node.get("/health");
        if (response == null || response.statusCode() != 200) {
          return null;
        }
        JsonObject health = new JsonObject(response.body());
        return health.getJsonArray("members").size() == members && "UP".equals(health.getString("status")) ? health : null;
      });
    }
  }

  private static void signal(RoomcastProcess node, String signal) {
    String pid = Long.toString(node.process().pid());
    try {
      assertEquals(0, new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start().waitFor(), "kill -" + signal + " " + pid);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
