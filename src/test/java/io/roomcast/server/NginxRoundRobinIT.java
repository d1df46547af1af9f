package io.roomcast.server;

import io.roomcast.testing.NginxProxy;
import io.roomcast.testing.Poll;
import io.roomcast.testing.RoomcastProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.roomcast.server.ChatEvents.roomChange;
import static io.roomcast.server.ClusterMembers.awaitMembers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official npm {@code socket.io-client} through Debian's nginx, a plain round-robin proxy in
 * front of two {@code --cluster} instances with nothing sticky: every request of a connection may
 * land on either instance, so the instances must carry each poll to the one that owns the session.
 */
class NginxRoundRobinIT {

  private static final String ROOM = "proxied";

  @Test
  void aPollingClientAndADefaultClientChatThroughRoundRobinNginx(@TempDir Path dir) {
    NginxProxy.requireInstalled();
    List<Map<String, String>> members = ClusterMembers.isolated(2);
    try (RoomcastProcess one = ClusterMembers.start(members.get(0));
         RoomcastProcess two = ClusterMembers.start(members.get(1));
         NginxProxy nginx = NginxProxy.start(one.httpPort(), two.httpPort());
         NodeChatClients node = NodeChatClients.start()) {
      awaitMembers(2, one, two);

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
      report("Pia's polling session", piaRequests.size() + " requests, served by " + servedBy(piaRequests));
      report("Dan's transport", describeUpgrade(dan, nginx));
    }
  }

  /** What became of Dan's upgrade: not asserted (the probe lands on either instance), only reported. */
  private static String describeUpgrade(NodeChatClients.Client dan, NginxProxy nginx) {
    List<JsonObject> probes = requestsOf(nginx, dan.sessionId).stream()
      .filter(request -> "websocket".equals(request.getString("transport"))).toList();
    List<String> upgrades = dan.events.since(0).stream()
      .filter(e -> e.name().startsWith("engine:")).map(e -> e.name() + e.args().encode()).toList();
    return "transport at connect: " + dan.transport + "; " + (upgrades.isEmpty() ? "no upgrade event" : String.join(", ", upgrades))
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
