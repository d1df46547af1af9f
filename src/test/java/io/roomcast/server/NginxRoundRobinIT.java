package io.roomcast.server;

import io.roomcast.testing.NginxProxy;
import io.roomcast.testing.Poll;
import io.roomcast.testing.RoomcastProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.roomcast.server.ChatEvents.roomChange;
import static io.roomcast.server.ClusterMembers.awaitMembers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official npm {@code socket.io-client} through Debian's nginx, a plain round-robin proxy in
 * front of two {@code --cluster} instances with nothing sticky: every request of a connection may
 * land on either instance, so the instances must carry each poll to the one that owns the session,
 * and relay each WebSocket that lands on the other one.
 */
class NginxRoundRobinIT {

  private static final String ROOM = "proxied";
  /**
   * Clients that connect at once and upgrade: with the relay all reach WebSocket; without it, those
   * whose probe lands on the instance that does not own the session stay on polling (2 to 4 of 8 in our runs).
   */
  private static final int UPGRADING = 8;

  private static RoomcastProcess one;
  private static RoomcastProcess two;
  private static NginxProxy nginx;

  @BeforeAll
  static void startClusterBehindNginx() {
    NginxProxy.requireInstalled();
    List<Map<String, String>> members = ClusterMembers.isolated(2);
    one = ClusterMembers.start(members.get(0));
    two = ClusterMembers.start(members.get(1));
    awaitMembers(2, one, two);
    nginx = NginxProxy.start(one.httpPort(), two.httpPort());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable running : new AutoCloseable[] {nginx, two, one}) {
      try {
        if (running != null) {
          running.close();
        }
      } catch (Exception e) {
        System.err.println("[NginxRoundRobinIT] closing " + running + ": " + e);
      }
    }
  }

  @Test
  void aPollingClientAndADefaultClientChatThroughRoundRobinNginx() {
    try (NodeChatClients node = NodeChatClients.start()) {
      // Pia only ever polls: with round-robin, her requests alternate between the instances.
      NodeChatClients.Client pia = node.connect("P", nginx.port(), List.of("polling")).nickname("Pia");
      // Dan uses the client's default: polling, then a WebSocket probe that may land on either instance.
      NodeChatClients.Client dan = node.connect("D", nginx.port(), List.of("polling", "websocket")).nickname("Dan");
      assertEquals("polling", pia.transport);
      assertEquals(1, pia.request("enter_room", ROOM).getInteger("count"));
      int piaMark = pia.events.mark();
      assertEquals(2, dan.request("enter_room", ROOM).getInteger("count"), "Dan is the room's second member");
      pia.events.await("welcome", new JsonArray().add("Dan").add(2).add(ROOM), piaMark);
      pia.events.await("room_change with " + ROOM + ": 2", piaMark, roomChange(ROOM, 2));
      dan.events.await("room_change with " + ROOM + ": 2", 0, roomChange(ROOM, 2));

      ok(pia.request("new_message", "hello Dan", ROOM));
      awaitLine(dan, "Pia: hello Dan", 0);
      ok(dan.request("new_message", "hello Pia", ROOM));
      awaitLine(pia, "Dan: hello Pia", piaMark);
      assertEquals(members("Dan", "Pia"), pia.request("room_members", ROOM));

      // nginx's own log: Pia's session was served by both instances, and every request of it succeeded.
      Set<String> both = Set.of("127.0.0.1:" + one.httpPort(), "127.0.0.1:" + two.httpPort());
      List<JsonObject> piaRequests = Poll.until(Duration.ofSeconds(10), "nginx to log requests of Pia's session on both instances", () -> {
        List<JsonObject> requests = requestsOf(nginx, pia.sessionId);
        return upstreams(requests).containsAll(both) ? requests : null;
      });
      assertEquals(both, upstreams(piaRequests), "only the two instances are upstreams: " + piaRequests);
      for (JsonObject request : piaRequests) {
        assertEquals("polling", request.getString("transport"), request.encode());
        assertEquals("200", request.getString("status"), "every request of Pia's session succeeded: " + piaRequests);
      }
      awaitWebSocket(dan);
      report("Pia's polling session", piaRequests.size() + " requests, served by " + servedBy(piaRequests));
      report("Dan's transport", describeUpgrade(dan, nginx));
    }
  }

  /**
   * Clients with the default transports upgrade whichever instance their probe lands on: the
   * other instance relays the WebSocket to the owner. Then they chat, every message over WebSocket.
   */
  @Test
  void defaultClientsAllUpgradeToWebSocketThroughRoundRobinNginx() {
    String room = "upgraded";
    List<NodeChatClients.Client> clients = new ArrayList<>();
    try (NodeChatClients node = NodeChatClients.start()) {
      // All at once, as many users behind one load balancer: one client alone would always send its
      // probe to the same instance relative to its handshake, since its requests alternate in a fixed order.
      List<String> labels = IntStream.range(0, UPGRADING).mapToObj(i -> "U" + i).toList();
      clients.addAll(node.connectAll(labels, nginx.port(), List.of("polling", "websocket")));
      for (int i = 0; i < clients.size(); i++) {
        clients.get(i).nickname("User" + i);
      }
      for (NodeChatClients.Client client : clients) {
        awaitWebSocket(client);
      }
      for (int i = 0; i < clients.size(); i++) {
        assertEquals(i + 1, clients.get(i).request("enter_room", room).getInteger("count"), clients.get(i).nickname);
      }
      NodeChatClients.Client first = clients.get(0);
      ok(first.request("new_message", "all on WebSocket?", room));
      for (NodeChatClients.Client client : clients.subList(1, clients.size())) {
        awaitLine(client, first.nickname + ": all on WebSocket?", 0);
        assertEquals("websocket", client.transportNow(), client.nickname);
      }
    }
    // Closed, the WebSockets are in nginx's log: which instance served each, against the one that owns its session.
    Map<String, String> routes = Map.of(route(one), "127.0.0.1:" + one.httpPort(), route(two), "127.0.0.1:" + two.httpPort());
    List<JsonObject> webSockets = Poll.until(Duration.ofSeconds(10), "nginx to log the " + UPGRADING + " WebSockets", () -> {
      List<JsonObject> logged = clients.stream().flatMap(client -> requestsOf(nginx, client.sessionId).stream())
        .filter(request -> "websocket".equals(request.getString("transport"))).toList();
      return logged.size() >= UPGRADING ? logged : null;
    });
    long relayed = webSockets.stream()
      .filter(request -> !request.getString("upstream").equals(routes.get(request.getString("sid").substring(0, 6)))).count();
    report("default clients", UPGRADING + " upgraded to WebSocket, of which " + relayed + " through the instance that does not own the session");
  }

  /** The route (session id prefix) of an instance, from a handshake sent to it directly. */
  private static String route(RoomcastProcess instance) {
    HttpResponse<String> open = instance.get("/socket.io/?EIO=4&transport=polling");
    assertEquals(200, open.statusCode(), open.body());
    return new JsonObject(open.body().substring(1)).getString("sid").substring(0, 6);
  }

  /** Waits until the client upgraded to WebSocket; fails at once if its probe failed. */
  private static void awaitWebSocket(NodeChatClients.Client client) {
    ChatEvents.Event upgrade = client.events.await("engine:upgrade or engine:upgradeError", 0,
      e -> e.name().equals("engine:upgrade") || e.name().equals("engine:upgradeError"));
    assertEquals(new ChatEvents.Event("engine:upgrade", new JsonArray().add("websocket")), upgrade,
      client.nickname + " stayed on polling: " + describeUpgrade(client, nginx));
    assertEquals("websocket", client.transportNow(), client.nickname);
  }

  /** What became of a client's upgrade: reported, not asserted. */
  private static String describeUpgrade(NodeChatClients.Client client, NginxProxy nginx) {
    List<JsonObject> requests = requestsOf(nginx, client.sessionId);
    List<JsonObject> probes = requests.stream()
      .filter(request -> "websocket".equals(request.getString("transport"))).toList();
    List<String> upgrades = client.events.since(0).stream()
      .filter(e -> e.name().startsWith("engine:")).map(e -> e.name() + e.args().encode()).toList();
    return "transport at connect: " + client.transport + "; " + (upgrades.isEmpty() ? "no upgrade event" : String.join(", ", upgrades))
      + "; WebSocket requests in nginx's log (an open WebSocket is logged only when it closes): " + probes;
  }

  /** nginx's log entries of the Engine.IO session {@code sid}. */
  private static List<JsonObject> requestsOf(NginxProxy nginx, String sid) {
    return nginx.accessLog().stream().filter(request -> sid.equals(request.getString("sid"))).toList();
  }

  /** Every upstream that served one of {@code requests} (a retried request names several). */
  private static Set<String> upstreams(List<JsonObject> requests) {
    return requests.stream()
      .flatMap(request -> Arrays.stream(request.getString("upstream", "").split(", ")))
      .filter(upstream -> !upstream.isEmpty())
      .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String servedBy(List<JsonObject> requests) {
    return requests.stream().map(request -> request.getString("upstream"))
      .collect(Collectors.groupingBy(upstream -> upstream, TreeMap::new, Collectors.counting())).toString();
  }

  /** A {@code room_members} ack listing {@code nicknames}. */
  private static JsonObject members(String... nicknames) {
    return new JsonObject().put("ok", true).put("room", ROOM).put("members", new JsonArray(List.of((Object[]) nicknames)));
  }

  private static void ok(JsonObject ack) {
    assertTrue(ack.getBoolean("ok", false), ack.encode());
  }

  private static void awaitLine(NodeChatClients.Client client, String line, int from) {
    client.events.await("new_message " + line, from, e -> e.name().equals("new_message") && line.equals(e.args().getString(0)));
  }

  /** What the run saw, in the build's output: worth reading, not asserted. */
  private static void report(String what, String seen) {
    System.out.println("[NginxRoundRobinIT] " + what + ": " + seen);
  }
}
