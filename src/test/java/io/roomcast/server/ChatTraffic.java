package io.roomcast.server;

import io.roomcast.testing.JsonLinesScript;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chat clients on the official npm {@code socket.io-client} that keep talking in one room, each
 * message numbered per sender, while a test harms the servers: {@code src/test/node/chat-traffic.mjs},
 * driven through {@link JsonLinesScript}. Each client reconnects by itself and enters the room again.
 * Its {@link Report} counts every message: what each sender was told, and what each client got,
 * live or in the history of an {@code enter_room} ack.
 *
 * <pre>{@code
 * try (ChatTraffic traffic = ChatTraffic.start("r", List.of(new ChatTraffic.Client("A", 8080)))) {
 *   // ... harm ...
 *   traffic.stop();
 *   traffic.report().assertNothingLostOrDoubled();
 * }
 * }</pre>
 */
final class ChatTraffic implements AutoCloseable {

  static final Duration STEP = Duration.ofSeconds(60);
  /** Between two messages of one client: well under the chat's 20 events a second. */
  static final int INTERVAL_MS = 100;
  /** How long a sender waits for an ack before it counts the message as not sent (it is told: timeout). */
  static final int ACK_MS = 3_000;

  /** A client: its label (also its nickname), the HTTP port of the node it talks to, its transports. */
  record Client(String label, int port, List<String> transports) {
    Client(String label, int port) {
      this(label, port, List.of("websocket"));
    }
  }

  private final JsonLinesScript script;

  private ChatTraffic(JsonLinesScript script) {
    this.script = script;
  }

  /** Connects every client and enters {@code room}; returns once all are in, and talking. */
  static ChatTraffic start(String room, List<Client> clients) {
    JsonLinesScript script = JsonLinesScript.start("chat-traffic.mjs", line -> { });
    try {
      script.call(new JsonObject().put("cmd", "start").put("room", room).put("intervalMs", INTERVAL_MS)
        .put("ackMs", ACK_MS).put("clients", specs(clients)), STEP);
      return new ChatTraffic(script);
    } catch (RuntimeException | Error e) {
      script.close();
      throw e;
    }
  }

  /** Connects more clients that only listen, and enters them into the room; returns once all are in. */
  void join(List<Client> listeners) {
    script.call(new JsonObject().put("cmd", "join").put("clients", specs(listeners)), STEP);
  }

  private static JsonArray specs(List<Client> clients) {
    JsonArray specs = new JsonArray();
    clients.forEach(client -> specs.add(new JsonObject().put("label", client.label())
      .put("url", "http://127.0.0.1:" + client.port()).put("transports", new JsonArray(client.transports()))));
    return specs;
  }

  /** Stops sending; returns once every message sent has its answer, or timed out. */
  void stop() {
    script.call(new JsonObject().put("cmd", "stop"), STEP);
  }

  Report report() {
    return new Report(script.call(new JsonObject().put("cmd", "report"), STEP).getJsonObject("clients"));
  }

  /** The ack of {@code room_members} asked by {@code client}. */
  JsonObject members(String client) {
    return script.call(new JsonObject().put("cmd", "members").put("client", client), STEP).getJsonObject("ack");
  }

  @Override
  public void close() {
    script.close();
  }

  /** What every client sent, was told and received, as the script reported it. */
  static final class Report {

    final JsonObject clients;

    Report(JsonObject clients) {
      this.clients = clients;
    }

    JsonObject client(String label) {
      return clients.getJsonObject(label);
    }

    /** Messages acknowledged {@code ok}, by sender: id → seq. */
    Map<String, Map<String, Integer>> acknowledged() {
      Map<String, Map<String, Integer>> all = new HashMap<>();
      for (String sender : clients.fieldNames()) {
        Map<String, Integer> ok = new HashMap<>();
        for (Object item : client(sender).getJsonArray("sent")) {
          JsonObject sent = (JsonObject) item;
          if ("ok".equals(sent.getString("outcome"))) {
            ok.put(sent.getString("id"), sent.getInteger("seq"));
          }
        }
        all.put(sender, ok);
      }
      return all;
    }

    /** How many messages of every client ended how: {@code {ok: n, timeout: n, "error: ...": n}}. */
    Map<String, Integer> outcomes() {
      Map<String, Integer> counts = new HashMap<>();
      for (String label : clients.fieldNames()) {
        for (Object item : client(label).getJsonArray("sent")) {
          counts.merge(((JsonObject) item).getString("outcome"), 1, Integer::sum);
        }
      }
      return counts;
    }

    /**
     * The chat's promise under any fault: every message a sender was told went out reached every
     * other client (live, or in the history of its next {@code enter_room} after a reconnect), no
     * client got one live twice, and each sender's messages came live in the order sent. Returns
     * how many deliveries it counted.
     */
    int assertNothingLostOrDoubled() {
      Map<String, Map<String, Integer>> acknowledged = acknowledged();
      List<String> problems = new ArrayList<>();
      int deliveries = 0;
      for (String receiver : clients.fieldNames()) {
        JsonObject got = client(receiver);
        Set<String> seen = new HashSet<>();
        Map<String, Integer> lastSeq = new HashMap<>();
        for (Object item : got.getJsonArray("live")) {
          JsonObject live = (JsonObject) item;
          String sender = live.getString("sender");
          if (!seen.add(live.getString("id"))) {
            problems.add(receiver + " got " + sender + "#" + live.getInteger("seq") + " live twice");
          }
          int previous = lastSeq.getOrDefault(sender, 0);
          if (live.getInteger("seq") <= previous) {
            problems.add(receiver + " got " + sender + "#" + live.getInteger("seq") + " live after #" + previous);
          }
          lastSeq.put(sender, live.getInteger("seq"));
        }
        Set<String> anyhow = new HashSet<>(seen);
        got.getJsonArray("history").forEach(item -> anyhow.add(((JsonObject) item).getString("id")));
        for (Map.Entry<String, Map<String, Integer>> sender : acknowledged.entrySet()) {
          if (sender.getKey().equals(receiver)) {
            continue;
          }
          for (Map.Entry<String, Integer> message : sender.getValue().entrySet()) {
            if (anyhow.contains(message.getKey())) {
              deliveries++;
            } else {
              problems.add(receiver + " never got " + sender.getKey() + "#" + message.getValue() + ", acknowledged ok");
            }
          }
        }
      }
      fail(problems);
      return deliveries;
    }

    /**
     * The {@code enter_room} rule, for a client that entered once and stayed: it saw each message of
     * the room exactly once, in the history of its ack or live after it, and none is missing between
     * the oldest one it saw of a sender and that sender's last. Returns how many messages it saw.
     */
    int assertEachMessageOnceSinceEntering(String listener) {
      JsonObject got = client(listener);
      List<String> problems = new ArrayList<>();
      Map<String, Set<Integer>> seen = new HashMap<>();
      Set<String> ids = new HashSet<>();
      for (String part : List.of("history", "live")) {
        for (Object item : got.getJsonArray(part)) {
          JsonObject message = (JsonObject) item;
          if (!ids.add(message.getString("id"))) {
            problems.add(listener + " saw " + message.getString("sender") + "#" + message.getInteger("seq") + " twice (again in " + part + ")");
          }
          seen.computeIfAbsent(message.getString("sender"), s -> new HashSet<>()).add(message.getInteger("seq"));
        }
      }
      for (Map.Entry<String, Map<String, Integer>> sender : acknowledged().entrySet()) {
        List<Integer> sent = sender.getValue().values().stream().sorted().toList();
        Set<Integer> saw = seen.getOrDefault(sender.getKey(), Set.of());
        if (sent.isEmpty() || sender.getKey().equals(listener)) {
          continue;
        }
        if (saw.isEmpty()) {
          problems.add(listener + " saw nothing of " + sender.getKey());
          continue;
        }
        int oldest = saw.stream().min(Integer::compare).orElseThrow();
        sent.stream().filter(seq -> seq >= oldest && !saw.contains(seq))
          .forEach(seq -> problems.add(listener + " never saw " + sender.getKey() + "#" + seq + " (saw #" + oldest + " and later ones)"));
      }
      fail(problems);
      return ids.size();
    }

    private static void fail(List<String> problems) {
      if (!problems.isEmpty()) {
        throw new AssertionError(problems.size() + " problems, first ones: "
          + String.join("; ", problems.subList(0, Math.min(20, problems.size()))));
      }
    }
  }
}
