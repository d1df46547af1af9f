package io.roomcast.server;

import io.roomcast.server.presence.HazelcastPresenceStore;
import io.roomcast.server.presence.OnlineSocket;
import io.roomcast.testing.Clusters;
import io.roomcast.testing.HttpGet;
import io.roomcast.testing.Poll;
import io.roomcast.testing.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.roomcast.server.ChatEvents.roomChange;
import static io.roomcast.server.PresenceProbe.diff;
import static io.roomcast.server.PresenceProbe.entry;
import static io.roomcast.server.PresenceProbe.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat of MISSION.md is one logical server across clustered nodes: two or three clustered
 * Vert.x instances in this JVM, each deploying {@link RoomcastVerticle} as the launcher does on a
 * port of its own, and official Java clients connected to different nodes. Counts, room lists,
 * messages, members and history must be the same whichever node a client is on, and a node that
 * goes away must leave no ghost members behind.
 *
 * <p>The clients run on their own threads; every wait is for a condition, with a deadline.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusteredChatTest {

  private static final Duration START = Duration.ofSeconds(60);
  private static final String ROOM = "r";

  /** One clustered Vert.x with the node's verticles deployed, serving HTTP on {@code port}. */
  private record Node(Vertx vertx, int port) {
  }

  private final List<Node> nodes = new ArrayList<>();
  private final List<JavaChatClient> clients = new ArrayList<>();
  private final OkHttpClient http = new OkHttpClient();
  private String cluster;
  private Vertx vertx;

  @BeforeEach
  void cluster(Vertx vertx) {
    this.vertx = vertx;
    cluster = Clusters.randomName();
  }

  @AfterEach
  void closeEverything() throws Exception {
    clients.forEach(JavaChatClient::close);
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    for (Node node : nodes) {
      node.vertx().close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void clientsOnTwoNodesShareRoomsCountsMessagesMembersAndHistory() {
    Node one = start();
    Node two = start();
    awaitMembers(2, one, two);
    JavaChatClient ann = connect("A", one).nickname("Ann");
    JavaChatClient bob = connect("B", two).nickname("Bob");

    int bobMark = bob.events.mark();
    assertEquals(entered(1, new JsonArray()), ann.request("enter_room", ROOM), "A enters first");
    bob.events.await("room_change listing r with 1 member (A is on the other node)", bobMark, roomChange(ROOM, 1));

    int annMark = ann.events.mark();
    assertEquals(entered(2, new JsonArray()), bob.request("enter_room", ROOM), "B enters second, on the other node");
    ann.events.await("welcome", new JsonArray().add("Bob").add(2).add(ROOM), annMark);
    ann.events.await("room_change with r: 2", annMark, roomChange(ROOM, 2));
    bob.events.await("room_change with r: 2", bobMark, roomChange(ROOM, 2));

    JsonObject first = send(ann, "hello from node 1");
    ChatEvents.Event delivered = awaitLine(bob, "Ann: hello from node 1", bobMark);
    assertEquals(message("Ann", "hello from node 1", first).put("room", ROOM), delivered.args().getJsonObject(1),
      "new_message's second argument: the message with its room");
    JsonObject second = send(bob, "hello from node 2");
    awaitLine(ann, "Bob: hello from node 2", annMark);
    assertEquals(List.of(line("Bob: hello from node 2")), lines(ann, annMark), "A gets B's message, not its own");
    JsonObject third = send(ann, "still there?");
    awaitLine(bob, "Ann: still there?", bobMark);
    assertEquals(List.of(line("Ann: hello from node 1"), line("Ann: still there?")), lines(bob, bobMark),
      "B gets A's messages, not its own");
    assertEquals(List.of(), bob.events.received("welcome", bobMark), "B is not welcomed to the room by itself");

    JsonObject members = new JsonObject().put("ok", true).put("room", ROOM).put("members", new JsonArray().add("Ann").add("Bob"));
    assertEquals(members, ann.request("room_members", ROOM), "room_members on node 1");
    assertEquals(members, bob.request("room_members", ROOM), "room_members on node 2");
    bob.nickname("Rob");
    assertEquals(members.copy().put("members", new JsonArray().add("Ann").add("Rob")), ann.request("room_members", ROOM),
      "B renamed itself on node 2; node 1 lists the new nickname");

    // C comes to node 2 after the messages were sent (two of them on node 1): the history has them, in order.
    JavaChatClient cy = connect("C", two).nickname("Cy");
    annMark = ann.events.mark();
    JsonArray history = new JsonArray()
      .add(message("Ann", "hello from node 1", first))
      .add(message("Bob", "hello from node 2", second))
      .add(message("Ann", "still there?", third));
    assertEquals(entered(3, history), cy.request("enter_room", ROOM), "C, on node 2, gets the room's history");
    ann.events.await("welcome", new JsonArray().add("Cy").add(3).add(ROOM), annMark);
    assertEquals(new JsonObject().put("ok", true).put("room", ROOM).put("count", 2), cy.request("leave_room", ROOM));
    ann.events.await("bye", new JsonArray().add("Cy").add(2).add(ROOM), annMark);
    ann.events.await("room_change with r: 2 after C left", annMark, roomChange(ROOM, 2));

    annMark = ann.events.mark();
    bob.close();
    ann.events.await("bye", new JsonArray().add("Rob").add(1).add(ROOM), annMark);
    ann.events.await("room_change with r: 1 after B disconnected", annMark, roomChange(ROOM, 1));
    assertEquals(1, ann.events.received("bye", annMark).size(), "one bye for B: " + ann.events.since(annMark));
  }

  @Test
  void aNodeThatJoinsLaterReportsTheExistingRoomsAtOnce() {
    Node one = start();
    Node two = start();
    awaitMembers(2, one, two);
    JavaChatClient ann = connect("A", one).nickname("Ann");
    JavaChatClient bob = connect("B", two).nickname("Bob");
    int annMark = ann.events.mark();
    int bobMark = bob.events.mark();
    ann.request("enter_room", ROOM);
    bob.request("enter_room", "s");
    for (JavaChatClient client : List.of(ann, bob)) {
      int mark = client == ann ? annMark : bobMark;
      client.events.await("room_change with r: 1 and s: 1", mark, e -> e.name().equals("room_change")
        && ChatEvents.count(ChatEvents.rooms(e), ROOM) == 1 && ChatEvents.count(ChatEvents.rooms(e), "s") == 1);
    }

    Node three = start();
    JsonObject health = health(three);
    assertEquals(2, health.getInteger("rooms"), "node 3's first /health counts the rooms that existed before it: " + health);
    JavaChatClient flo = connect("F", three);
    JsonArray rooms = new JsonArray().add(room(ROOM, 1)).add(room("s", 1));
    assertEquals(rooms, ChatEvents.rooms(flo.events.since(0).get(0)), "F's first room_change, right after connecting to node 3");
    flo.nickname("Flo");
    annMark = ann.events.mark();
    assertEquals(2, flo.request("enter_room", ROOM).getInteger("count"), "F, on node 3, is r's second member");
    ann.events.await("welcome", new JsonArray().add("Flo").add(2).add(ROOM), annMark);
  }

  @Test
  void aNodeThatJoinsLaterGivesTheRoomsHistory() {
    Node one = start();
    Node two = start();
    awaitMembers(2, one, two);
    JavaChatClient ann = connect("A", one).nickname("Ann");
    JavaChatClient bob = connect("B", two).nickname("Bob");
    ann.request("enter_room", ROOM);
    int bobMark = bob.events.mark();
    bob.request("enter_room", ROOM);
    JsonObject sent = send(ann, "before node 3");
    awaitLine(bob, "Ann: before node 3", bobMark);
    JsonArray history = new JsonArray().add(message("Ann", "before node 3", sent));
    JavaChatClient cy = connect("C", two).nickname("Cy");
    assertEquals(entered(3, history), cy.request("enter_room", ROOM), "node 2 has the history");

    Node three = start();
    JavaChatClient flo = connect("F", three).nickname("Flo");
    assertEquals(entered(4, history), flo.request("enter_room", ROOM),
      "node 3 joined after the message: a client entering r there gets the same history as on nodes 1 and 2");
  }

  @Test
  void closingANodeSaysByeOnceForItsMembersAndTheOthersKeepServing() {
    Node one = start();
    Node two = start();
    Node three = start();
    awaitMembers(3, one, two, three);
    JavaChatClient ann = connect("A", one).nickname("Ann");
    JavaChatClient dee = connect("D", two).nickname("Dee");
    JavaChatClient eve = connect("E", three).nickname("Eve");
    ann.request("enter_room", ROOM);
    dee.request("enter_room", ROOM);
    int annMark = ann.events.mark();
    int eveMark = eve.events.mark();
    assertEquals(3, eve.request("enter_room", ROOM).getInteger("count"));
    ann.events.await("room_change with r: 3", annMark, roomChange(ROOM, 3));
    eve.events.await("room_change with r: 3", eveMark, roomChange(ROOM, 3));

    annMark = ann.events.mark();
    eveMark = eve.events.mark();
    nodes.remove(two);
    await(two.vertx().close(), "node 2 to close");

    JsonArray bye = new JsonArray().add("Dee").add(2).add(ROOM);
    ann.events.await("bye", bye, annMark);
    eve.events.await("bye", bye, eveMark);
    ann.events.await("room_change with r: 2", annMark, roomChange(ROOM, 2));
    eve.events.await("room_change with r: 2", eveMark, roomChange(ROOM, 2));
    awaitMembers(2, one, three);

    // Node 1 still serves, across what is left of the cluster: messages both ways, and room_members.
    send(ann, "anyone left?");
    awaitLine(eve, "Ann: anyone left?", eveMark);
    send(eve, "me, on node 3");
    awaitLine(ann, "Eve: me, on node 3", annMark);
    JsonObject members = new JsonObject().put("ok", true).put("room", ROOM).put("members", new JsonArray().add("Ann").add("Eve"));
    assertEquals(members, ann.request("room_members", ROOM), "no ghost of D in r");
    assertEquals(List.of(bye), ann.events.received("bye", annMark), "exactly one bye for D on node 1: " + ann.events.since(annMark));
    assertEquals(List.of(bye), eve.events.received("bye", eveMark), "exactly one bye for D on node 3: " + eve.events.since(eveMark));
    assertEquals(1, health(one).getInteger("rooms"));
  }

  @Test
  void presenceListsEverySocketWithItsNodeOnEveryNodeAndANodeThatGoesTakesItsSocketsAlong() {
    Node one = start();
    Node two = start();
    awaitMembers(2, one, two);
    String oneId = health(one).getString("nodeId");
    String twoId = health(two).getString("nodeId");
    PresenceProbe onOne = PresenceProbe.on(one.vertx());
    PresenceProbe onTwo = PresenceProbe.on(two.vertx());
    JavaChatClient ann = connect("A", one).nickname("Ann");
    String a = ann.id();
    int twoMark = onTwo.mark();
    ann.request("enter_room", ROOM);
    JsonObject annAtOne = member(a, "Ann", oneId);
    onTwo.awaitSocket(a, "A, on node 1, listed on node 2 with node 1's id and its room", entry(a, "Ann", oneId, ROOM)::equals);
    assertEquals(List.of(diff(ROOM, annAtOne, true)), onTwo.awaitDiffs(twoMark, 1), "node 2 hears A join on node 1");

    JavaChatClient bob = connect("B", two).nickname("Bob");
    String b = bob.id();
    bob.request("enter_room", ROOM);
    JsonObject bobAtTwo = member(b, "Bob", twoId);
    JsonArray both = new JsonArray().add(annAtOne).add(bobAtTwo);
    Poll.until(START, "node 1 to list both members of " + ROOM, () -> both.equals(onOne.room(ROOM)) ? true : null);

    // A socket of a node that vanished unseen (no survivor purged it): a node that starts removes it.
    new ClusterView(one.vertx()).hazelcast().orElseThrow().getMap(HazelcastPresenceStore.MAP)
      .put("ghost", OnlineSocket.of("Ghost", "vanished-node", List.of(ROOM)));
    onTwo.awaitSocket("ghost", "the ghost, written to the map", java.util.Objects::nonNull);
    Node three = start();
    JsonArray online = new JsonArray().add(entry(a, "Ann", oneId, ROOM)).add(entry(b, "Bob", twoId, ROOM));
    PresenceProbe onThree = PresenceProbe.on(three.vertx());
    Poll.until(START, "node 3 to list who was online before it started, without the ghost",
      () -> online.equals(onThree.online()) ? true : null);
    onTwo.awaitSocket("ghost", "the ghost gone on node 2 too", java.util.Objects::isNull);
    assertEquals(2, health(three).getInteger("online"));

    twoMark = onTwo.mark();
    nodes.remove(one);
    await(one.vertx().close(), "node 1 to close");
    onTwo.awaitSocket(a, "A gone with node 1", java.util.Objects::isNull);
    bob.request("leave_room", ROOM);
    assertEquals(List.of(diff(ROOM, annAtOne, false), diff(ROOM, bobAtTwo, false)), onTwo.awaitDiffs(twoMark, 2),
      "A left once, then B (a marker)");
    assertEquals(new JsonArray().add(entry(b, "Bob", twoId)), onTwo.online());
    assertEquals(1, health(two).getInteger("online"));
  }

  private Node start() {
    int port = Ports.free();
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", port).put("host", "127.0.0.1"));
    Vertx member = await(Clusters.member(cluster), "a clustered Vert.x");
    Node node = new Node(member, port);
    nodes.add(node);
    await(member.deployVerticle(RoomcastVerticle.class.getName(), new DeploymentOptions().setConfig(config)), "the node's verticles");
    return node;
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.await(START.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out after " + START + " waiting for " + what);
    }
  }

  private JsonObject health(Node node) {
    HttpGet.Response response = await(HttpGet.get(vertx, node.port(), "/health"), "/health on port " + node.port());
    assertEquals(200, response.status(), response.body());
    return response.json();
  }

  /** Waits until every node's {@code /health} lists {@code count} members. */
  private void awaitMembers(int count, Node... of) {
    for (Node node : of) {
      Poll.until(START, "/health on port " + node.port() + " to list " + count + " members",
        () -> health(node).getJsonArray("members").size() == count ? Boolean.TRUE : null);
    }
  }

  private JavaChatClient connect(String label, Node node) {
    JavaChatClient client = JavaChatClient.connect(label, node.port(), http);
    clients.add(client);
    return client;
  }

  /** Sends {@code text} to {@link #ROOM}; returns the ack, which must say ok. */
  private static JsonObject send(JavaChatClient client, String text) {
    JsonObject ack = client.request("new_message", text, ROOM);
    assertTrue(ack.getBoolean("ok", false) && ack.getLong("time") != null && ack.getString("id") != null,
      client.label + ": new_message ack " + ack.encode());
    return ack;
  }

  /** Waits for the {@code new_message} whose first argument is {@code line}. */
  private static ChatEvents.Event awaitLine(JavaChatClient client, String line, int from) {
    return client.events.await("new_message " + line, from, e -> e.name().equals("new_message") && line.equals(e.args().getString(0)));
  }

  /** The first argument of a {@code new_message} event: {@code "<nickname>: <text>"}. */
  private static JsonArray line(String line) {
    return new JsonArray().add(line);
  }

  /** Just the line of each {@code new_message} received since {@code from} (the second argument carries the details). */
  private static List<JsonArray> lines(JavaChatClient client, int from) {
    return client.events.received("new_message", from).stream().map(args -> new JsonArray().add(args.getString(0))).toList();
  }

  private static JsonObject entered(int count, JsonArray history) {
    return new JsonObject().put("ok", true).put("room", ROOM).put("count", count).put("history", history);
  }

  /** A history entry for a message whose {@code new_message} ack was {@code ack} (which carries its id and time). */
  private static JsonObject message(String nickname, String text, JsonObject ack) {
    return new JsonObject().put("id", ack.getString("id")).put("nickname", nickname).put("text", text).put("time", ack.getLong("time"));
  }

  private static JsonObject room(String name, int count) {
    return new JsonObject().put("name", name).put("count", count);
  }
}
