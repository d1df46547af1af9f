package io.roomcast.server;

import io.roomcast.testing.JsonLinesScript;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chat clients on the official npm {@code socket.io-client}, hosted by one
 * {@code node src/test/node/cluster-chat-clients.mjs} that this class drives step by step: a
 * command per JSON line on its stdin, and every reply and received event as a JSON line on its
 * stdout ({@link JsonLinesScript}); events go into each client's {@link ChatEvents}. So a test can act
 * between two steps (kill a node) while the clients stay connected.
 *
 * <pre>{@code
 * try (NodeChatClients node = NodeChatClients.start()) {
 *   NodeChatClients.Client ann = node.connect("A", 8080).nickname("Ann");
 *   ann.request("enter_room", "lobby");
 * }
 * }</pre>
 */
final class NodeChatClients implements AutoCloseable {

  private static final String SCRIPT = "cluster-chat-clients.mjs";

  private final Map<String, ChatEvents> events = new ConcurrentHashMap<>();
  private final JsonLinesScript script;

  private NodeChatClients() {
    this.script = JsonLinesScript.start(SCRIPT, this::dispatch);
  }

  /** Starts the script; returns once it said it is ready. */
  static NodeChatClients start() {
    return new NodeChatClients();
  }

  /** One client of the script: a socket of its own to one node. */
  final class Client {

    final String label;
    final ChatEvents events;
    /** The Engine.IO session id: every HTTP request of the connection carries it as {@code sid}. */
    final String sessionId;
    /** The transport when the client reported {@code connect} ({@code websocket} if the default client upgraded that soon). */
    final String transport;
    String nickname;

    private Client(String label, ChatEvents events, String sessionId, String transport) {
      this.label = label;
      this.events = events;
      this.sessionId = sessionId;
      this.transport = transport;
    }

    /** Emits with an ack callback; returns the ack's single argument. */
    JsonObject request(String event, Object... args) {
      JsonArray ack = command(new JsonObject().put("cmd", "emit").put("client", label).put("event", event)
        .put("args", new JsonArray(List.of(args))));
      if (ack.size() != 1) {
        throw new AssertionError(label + ": the ack for " + event + " has " + ack.size() + " arguments: " + ack.encode());
      }
      return ack.getJsonObject(0);
    }

    /** The name of the client's Engine.IO transport now ({@code socket.io.engine.transport.name}). */
    String transportNow() {
      return command(new JsonObject().put("cmd", "transport").put("client", label)).getString(0);
    }

    /** Sets the nickname; fails unless acknowledged. */
    Client nickname(String name) {
      JsonObject reply = request("nickname", name);
      if (!reply.equals(new JsonObject().put("ok", true).put("nickname", name))) {
        throw new AssertionError(label + ": nickname refused: " + reply.encode());
      }
      nickname = name;
      return this;
    }
  }

  /** Connects client {@code label} over WebSocket to the node whose HTTP port is {@code port}; returns once its first {@code room_change} arrived. */
  Client connect(String label, int port) {
    return connect(label, port, List.of("websocket"));
  }

  /**
   * Connects client {@code label} to {@code http://127.0.0.1:port} with the client's {@code transports}
   * option ({@code ["polling"]}, or {@code ["polling", "websocket"]} to poll and then try the upgrade,
   * reported as {@code engine:upgrade} / {@code engine:upgradeError} events); returns once its first
   * {@code room_change} arrived.
   */
  Client connect(String label, int port, List<String> transports) {
    return connectAll(List.of(label), port, transports).get(0);
  }

  /**
   * Connects the clients {@code labels} like {@link #connect(String, int, List)}, all at once: the
   * script starts every connection before the first is up, so their requests interleave.
   */
  List<Client> connectAll(List<String> labels, int port, List<String> transports) {
    List<CompletableFuture<JsonObject>> started = new ArrayList<>();
    for (String label : labels) {
      if (events.putIfAbsent(label, new ChatEvents(label)) != null) {
        throw new IllegalArgumentException("client " + label + " exists");
      }
      started.add(script.request(new JsonObject().put("cmd", "connect").put("client", label)
        .put("url", "http://127.0.0.1:" + port).put("transports", new JsonArray(List.copyOf(transports)))));
    }
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      ChatEvents log = events.get(labels.get(i));
      JsonArray connected = result(started.get(i), "connect " + labels.get(i));
      log.await("room_change right after connecting", 0, e -> e.name().equals("room_change"));
      clients.add(new Client(labels.get(i), log, connected.getString(1), connected.getString(2)));
    }
    return clients;
  }

  /** Sends a command and waits for its reply; returns the reply's {@code ack}, fails if the script reports an error. */
  private JsonArray command(JsonObject command) {
    return script.call(command, ChatEvents.STEP).getJsonArray("ack");
  }

  /** Waits for a command's reply; returns its {@code ack}, fails if the script reports an error. */
  private JsonArray result(CompletableFuture<JsonObject> reply, String command) {
    JsonObject result = script.await(reply, ChatEvents.STEP, "the script's reply to " + command);
    if (!result.getBoolean("ok", false)) {
      throw new AssertionError(command + " failed: " + result.getString("error"));
    }
    return result.getJsonArray("ack");
  }

  private void dispatch(JsonObject line) {
    if (!"event".equals(line.getString("type"))) {
      throw new IllegalStateException("unexpected line from " + SCRIPT + ": " + line.encode());
    }
    ChatEvents log = events.get(line.getString("client"));
    if (log != null) {
      log.add(new ChatEvents.Event(line.getString("event"), line.getJsonArray("args")));
    }
  }

  /** Asks the script to close its clients and exit; kills it if it does not within a few seconds. */
  @Override
  public void close() {
    script.close();
  }
}
