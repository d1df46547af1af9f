package io.roomcast.server;

import io.roomcast.testing.RoomcastProcess;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code enter_room} rule of the contract (README): the ack's history holds every message of
 * the room before the join, and every later message arrives live, after the ack; so a client sees
 * each message exactly once. Checked where it is hardest, in a busy room of a two-process cluster:
 * four clients (two per node) keep talking, a numbered message each every 100 ms, while 100 clients
 * of the official npm {@code socket.io-client} enter, ten at a time on alternating nodes, over
 * WebSocket and long-polling. Each of the 100 must have seen every message of every sender exactly
 * once from the oldest it saw (in its history) to the last.
 */
class EnterRoomRuleIT {

  private static final String ROOM = "busy";

  @Test
  void everyoneWhoEntersABusyRoomSeesEachMessageOnceFromTheHistoryOrLive() {
    List<Map<String, String>> envs = ClusterMembers.isolated(2);
    try (RoomcastProcess one = ClusterMembers.start(envs.get(0));
         RoomcastProcess two = ClusterMembers.start(envs.get(1))) {
      ClusterMembers.awaitMembers(2, one, two);
      List<RoomcastProcess> nodes = List.of(one, two);
      List<ChatTraffic.Client> talkers = List.of(
        new ChatTraffic.Client("t1", one.httpPort()), new ChatTraffic.Client("t2", two.httpPort()),
        new ChatTraffic.Client("t3", one.httpPort(), List.of("polling")), new ChatTraffic.Client("t4", two.httpPort(), List.of("polling")));
      try (ChatTraffic traffic = ChatTraffic.start(ROOM, talkers)) {
        List<String> listeners = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
          List<ChatTraffic.Client> entering = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            String label = "l" + (batch * 10 + i);
            int port = nodes.get(batch % 2).httpPort();
            entering.add(i % 3 == 0 ? new ChatTraffic.Client(label, port, List.of("polling")) : new ChatTraffic.Client(label, port));
            listeners.add(label);
          }
          traffic.join(entering);
        }
        // Some more messages after the last one entered, then quiet.
        ChatTraffic.Report entered = traffic.report();
        io.roomcast.testing.Poll.until(ChatTraffic.STEP, "10 more messages from each talker", () -> {
          ChatTraffic.Report now = traffic.report();
          return talkers.stream().allMatch(t -> now.acknowledged().get(t.label()).size()
            >= entered.acknowledged().get(t.label()).size() + 10) ? now : null;
        });
        traffic.stop();
        ChatTraffic.Report report = io.roomcast.testing.Poll.until(ChatTraffic.STEP, "every listener to get each talker's last message",
          () -> {
            ChatTraffic.Report now = traffic.report();
            return listeners.stream().allMatch(listener -> gotTheLastOfEach(now, listener)) ? now : null;
          });
        int seen = 0;
        for (String listener : listeners) {
          seen += report.assertEachMessageOnceSinceEntering(listener);
          assertEquals(1, report.client(listener).getInteger("connects"), listener + " stayed connected");
        }
        System.out.printf("EnterRoomRuleIT: 100 clients entered a room with %d messages %s; they saw %d messages, each once%n",
          report.acknowledged().values().stream().mapToInt(Map::size).sum(), report.outcomes(), seen);
      }
    }
  }

  /** Whether {@code listener} got each talker's last acknowledged message (live, or in its history). */
  private static boolean gotTheLastOfEach(ChatTraffic.Report report, String listener) {
    java.util.Set<String> got = new java.util.HashSet<>();
    for (String part : List.of("history", "live")) {
      report.client(listener).getJsonArray(part).forEach(item -> got.add(((io.vertx.core.json.JsonObject) item).getString("id")));
    }
    return report.acknowledged().values().stream().allMatch(sent -> sent.isEmpty()
      || got.contains(sent.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
  }
}
