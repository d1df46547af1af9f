package io.roomcast.server;

import io.roomcast.testing.Clusters;
import io.roomcast.testing.Poll;
import io.roomcast.testing.Ports;
import io.roomcast.testing.RoomcastProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.roomcast.server.ChatEvents.count;
import static io.roomcast.server.ChatEvents.roomChange;
import static io.roomcast.server.ChatEvents.rooms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster of three {@code java -jar target/roomcast.jar --cluster} processes in which one is
 * frozen with {@code kill -STOP}: its sockets stay open and it says nothing, so the others must
 * keep serving while it is still a member, and clean up after it once Hazelcast declares it dead
 * (no heartbeat for 5 s, conf/cluster.xml). The clients are the official npm
 * {@code socket.io-client}, driven step by step through {@link NodeChatClients}.
 *
 * <p>What does not wait for the frozen member, and is asserted while it is still listed: messages
 * and their acks, connecting (the room list is the node's own copy) and a nickname outside rooms.
 * Messages go on the clustered event bus, which looks an address's registrations up in Hazelcast
 * once per node and then uses its copy; each survivor looked the broadcast address up before the
 * freeze, when it sent a {@code welcome}. A first lookup whose partition the frozen member holds
 * would wait for its removal, which is why node-local requests skip it ({@code localOnly}).
 *
 * <p>What waits, so it is only started during the freeze and checked after the removal: anything
 * that writes the room registry. A room is a Hazelcast map entry changed by an entry processor on
 * its partition, and the partition's one backup is written synchronously, so {@code enter_room},
 * {@code leave_room} and a disconnect wait while the frozen member holds the room's primary
 * <em>or its backup</em> (about two rooms in three with three members), and a nickname change of
 * someone in rooms touches every partition and always waits. They complete once Hazelcast removes
 * the member and the invocation is retried on the new owner, or the backup wait ends.
 */
class FrozenMemberIT {

  private static final Duration START = Duration.ofSeconds(60);
  /** Hazelcast declares a frozen member dead after 5 s without a heartbeat; generous for a loaded machine. */
  private static final Duration REMOVAL = Duration.ofSeconds(20);
  private static final String ROOM = "r";

  @Test
  void survivorsServeTheirClientsWhileAMemberIsFrozenAndSayByeOnceItIsRemoved() {
    Map<String, String> env = Map.of("ROOMCAST_CLUSTER_NAME", Clusters.randomName());
    try (RoomcastProcess a = startMember(env);
         RoomcastProcess b = startMember(env, a);
         RoomcastProcess c = startMember(env, a, b);
         Freezer frozen = new Freezer(c);
         NodeChatClients node = NodeChatClients.start()) {
      String cId = health(c).getString("nodeId");

      NodeChatClients.Client ann = node.connect("A", a.httpPort()).nickname("Ann");
      NodeChatClients.Client bob = node.connect("B", b.httpPort()).nickname("Bob");
      NodeChatClients.Client cy = node.connect("C", c.httpPort()).nickname("Cy");
      assertEquals(1, ann.request("enter_room", ROOM).getInteger("count"));
      assertEquals(2, bob.request("enter_room", ROOM).getInteger("count"));
      assertEquals(3, cy.request("enter_room", ROOM).getInteger("count"));
      for (NodeChatClients.Client client : List.of(ann, bob)) {
        client.events.await("welcome", new JsonArray().add("Cy").add(3).add(ROOM), 0);
        client.events.await("room_change with " + ROOM + ": 3", 0, roomChange(ROOM, 3));
      }
      int annMark = ann.events.mark();
      int bobMark = bob.events.mark();

      long frozenAt = System.nanoTime();
      frozen.freeze();

      // 1. C is frozen but still a member: A and B serve their own clients.
      ok(ann.request("new_message", "anyone there?", ROOM));
      awaitLine(bob, "Ann: anyone there?", bobMark);
      ok(bob.request("new_message", "I am", ROOM));
      awaitLine(ann, "Bob: I am", annMark);
      NodeChatClients.Client dan = node.connect("D", a.httpPort()).nickname("Dan");
      JsonObject stillThree = health(a);
      assertTrue(stillThree != null && stillThree.getJsonArray("members").size() == 3 && stillThree.getJsonArray("members").contains(cId),
        "the step above must run while C is still a member; make it shorter if this fails: " + stillThree);
      // May wait for C's removal (see the class comment): checked below.
      CompletableFuture<JsonObject> danEnters = CompletableFuture.supplyAsync(() -> dan.request("enter_room", "lobby"));

      // 2. Hazelcast removes C: the survivors purge its member from the room, once.
      JsonObject two = awaitMembers(2, REMOVAL, a);
      long removedAt = System.nanoTime();
      assertFalse(two.getJsonArray("members").contains(cId), two.encode());
      awaitMembers(2, REMOVAL, b);
      JsonArray bye = new JsonArray().add("Cy").add(2).add(ROOM);
      for (NodeChatClients.Client client : List.of(ann, bob)) {
        int mark = client == ann ? annMark : bobMark;
        client.events.await("bye" + bye.encode() + " once C was removed", mark, REMOVAL,
          e -> e.name().equals("bye") && e.args().equals(bye));
        client.events.await("room_change with " + ROOM + ": 2", mark, REMOVAL, roomChange(ROOM, 2));
      }
      long byeAt = System.nanoTime();
      JsonObject entered = result(danEnters);
      assertEquals(new JsonObject().put("ok", true).put("room", "lobby").put("count", 1).put("history", new JsonArray()), entered);
      ann.events.await("room_change with lobby: 1 and " + ROOM + ": 2", annMark,
        e -> roomChange(ROOM, 2).test(e) && count(rooms(e), "lobby") == 1);

      // The survivors still form one chat, with no ghost of C, and each client heard C leave once.
      ok(bob.request("new_message", "just us", ROOM));
      awaitLine(ann, "Bob: just us", annMark);
      ok(ann.request("new_message", "so it seems", ROOM));
      awaitLine(bob, "Ann: so it seems", bobMark);
      assertEquals(new JsonObject().put("ok", true).put("room", ROOM).put("members", new JsonArray().add("Ann").add("Bob")),
        ann.request("room_members", ROOM));
      assertEquals(List.of(bye), ann.events.received("bye", annMark), "exactly one bye for Cy: " + ann.events.since(annMark));
      assertEquals(List.of(bye), bob.events.received("bye", bobMark), "exactly one bye for Cy: " + bob.events.since(bobMark));
      System.out.printf("FrozenMemberIT: C frozen -> /health on A lists 2 members: %d ms; -> bye and room_change on A and B: %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(removedAt - frozenAt), TimeUnit.NANOSECONDS.toMillis(byeAt - frozenAt));
    }
  }

  /**
   * Freezes a process with {@code kill -STOP}. Closing it, pass or fail, {@code kill -9}s the
   * process, which ends a stopped one at once: {@link RoomcastProcess#close()} would send a SIGTERM
   * that a stopped process never handles, and {@code kill -CONT} would wake a member the others
   * already removed.
   */
  private static final class Freezer implements AutoCloseable {

    private final RoomcastProcess process;

    Freezer(RoomcastProcess process) {
      this.process = process;
    }

    void freeze() {
      String pid = Long.toString(process.process().pid());
      try {
        int exit = new ProcessBuilder("kill", "-STOP", pid).inheritIO().start().waitFor();
        assertEquals(0, exit, "kill -STOP " + pid);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      if (process.process().isAlive()) {
        process.kill();
      }
    }
  }

  /**
   * Starts a member and waits until it and {@code before} list one another. One at a time, so A,
   * the oldest, is Hazelcast's master and C a plain member: a frozen master is another case, in
   * which the survivors must first agree on a new master before they can remove it.
   */
  private static RoomcastProcess startMember(Map<String, String> env, RoomcastProcess... before) {
    RoomcastProcess node = RoomcastProcess.start(Ports.free(), env, "--cluster");
    try {
      RoomcastProcess[] all = Arrays.copyOf(before, before.length + 1);
      all[before.length] = node;
      awaitMembers(all.length, START, all);
      return node;
    } catch (RuntimeException | Error e) {
      node.close();
      throw e;
    }
  }

  /** Waits until each node's {@code /health} lists {@code count} members; returns the last one. */
  private static JsonObject awaitMembers(int count, Duration timeout, RoomcastProcess... nodes) {
    JsonObject last = null;
    for (RoomcastProcess node : nodes) {
      last = Poll.until(timeout, "/health on port " + node.httpPort() + " to list " + count + " members", () -> {
        assertTrue(node.process().isAlive(), () -> "process died:\n" + node.output());
        JsonObject health = health(node);
        return health != null && health.getJsonArray("members").size() == count ? health : null;
      });
    }
    return last;
  }

  /** The node's {@code /health}, or null while it does not answer. */
  private static JsonObject health(RoomcastProcess node) {
    HttpResponse<String> response = node.get("/health");
    return response == null || response.statusCode() != 200 ? null : new JsonObject(response.body());
  }

  /** The future's value; fails after {@link ChatEvents#STEP}. */
  private static JsonObject result(CompletableFuture<JsonObject> reply) {
    try {
      return reply.get(ChatEvents.STEP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof AssertionError error ? error : new AssertionError(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no reply within " + ChatEvents.STEP, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void ok(JsonObject ack) {
    assertTrue(ack.getBoolean("ok", false), ack.encode());
  }

  private static void awaitLine(NodeChatClients.Client client, String line, int from) {
    client.events.await("new_message " + line, from, e -> e.name().equals("new_message") && line.equals(e.args().getString(0)));
  }
}
