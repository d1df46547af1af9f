package io.roomcast.adapter;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The other adapters of one namespace, wherever they run, learnt from heartbeats on the event bus.
 * An adapter publishes "hello" when it starts and again every {@value #HEARTBEAT_MS} ms; whoever
 * hears a hello from an adapter it did not know answers "alive" straight to that adapter's own
 * address, and every adapter sends "alive" straight to each peer it knows at every heartbeat. One
 * unheard of for {@value #EXPIRY_MS} ms is forgotten, so a node that died without a goodbye drops
 * out by itself. Direct sends matter: a publish reaches a newly registered consumer only once the
 * sender's cached view of the address is refreshed, which can lag; a send to an address looks it
 * up. Lives on the adapter's context.
 */
final class AdapterPeers {

  static final long HEARTBEAT_MS = 2_000;
  static final long EXPIRY_MS = 6_000;

  private final Vertx vertx;
  private final String id;
  private final String address;
  private final String requestPrefix;
  private final Map<String, Long> lastHeard = new HashMap<>();
  private final MessageConsumer<JsonObject> consumer;
  private final long timer;

  /**
   * @param requestPrefix prefix of the adapters' own addresses: an adapter with id X listens on
   *                      prefix + X and passes "alive" messages to {@link #heard}
   */
  AdapterPeers(Vertx vertx, String namespace, String id, String requestPrefix) {
    this.vertx = vertx;
    this.id = id;
    this.address = "roomcast.adapter." + namespace + ".peers";
    this.requestPrefix = requestPrefix;
    this.consumer = vertx.eventBus().consumer(address, message -> heard(message.body()));
    this.timer = vertx.setPeriodic(HEARTBEAT_MS, t -> {
      publish("hello");
      lastHeard.keySet().forEach(this::sendAlive);
      long now = System.nanoTime();
      lastHeard.values().removeIf(at -> now - at > EXPIRY_MS * 1_000_000);
    });
    consumer.completion().onSuccess(v -> publish("hello"));
  }

  /** The ids of the peers heard from recently. */
  List<String> ids() {
    return List.copyOf(lastHeard.keySet());
  }

  void close() {
    vertx.cancelTimer(timer);
    publish("bye");
    consumer.unregister();
  }

  private void publish(String type) {
    vertx.eventBus().publish(address, new JsonObject().put("type", type).put("id", id));
  }

  private void sendAlive(String peer) {
    vertx.eventBus().send(requestPrefix + peer, new JsonObject().put("op", "alive").put("type", "alive").put("id", id));
  }

  /** A heartbeat from another adapter: published on the peers address, or sent to ours. */
  void heard(JsonObject message) {
    String peer = message.getString("id");
    if (id.equals(peer)) {
      return;
    }
    switch (message.getString("type")) {
      case "bye" -> lastHeard.remove(peer);
      case "hello" -> {
        if (lastHeard.put(peer, System.nanoTime()) == null) {
          sendAlive(peer); // so the newcomer learns of us at once
        }
      }
      default -> lastHeard.put(peer, System.nanoTime());
    }
  }
}
