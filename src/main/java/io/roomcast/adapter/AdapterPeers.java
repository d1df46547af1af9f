package io.roomcast.adapter;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The other adapters of one namespace, wherever they run, learnt from heartbeats on the event bus:
 * each adapter says hello when it starts, "alive" every {@value #HEARTBEAT_MS} ms and bye when it
 * closes; one unheard of for {@value #EXPIRY_MS} ms is forgotten, so a node that died without a
 * goodbye drops out by itself. Lives on the adapter's context.
 */
final class AdapterPeers {

  static final long HEARTBEAT_MS = 2_000;
  static final long EXPIRY_MS = 6_000;

  private final Vertx vertx;
  private final String id;
  private final String address;
  private final Map<String, Long> lastHeard = new HashMap<>();
  private final MessageConsumer<JsonObject> consumer;
  private final long timer;

  AdapterPeers(Vertx vertx, String namespace, String id) {
    this.vertx = vertx;
    this.id = id;
    this.address = "roomcast.adapter." + namespace + ".peers";
    this.consumer = vertx.eventBus().consumer(address, message -> heard(message.body()));
    this.timer = vertx.setPeriodic(HEARTBEAT_MS, t -> {
      announce("alive");
      long now = System.nanoTime();
      lastHeard.values().removeIf(at -> now - at > EXPIRY_MS * 1_000_000);
    });
    consumer.completion().onSuccess(v -> announce("hello"));
  }

  /** The ids of the peers heard from recently. */
  List<String> ids() {
    return List.copyOf(lastHeard.keySet());
  }

  void close() {
    vertx.cancelTimer(timer);
    announce("bye");
    consumer.unregister();
  }

  private void announce(String type) {
    vertx.eventBus().publish(address, new JsonObject().put("type", type).put("id", id));
  }

  private void heard(JsonObject message) {
    String peer = message.getString("id");
    if (id.equals(peer)) {
      return;
    }
    switch (message.getString("type")) {
      case "bye" -> lastHeard.remove(peer);
      case "hello" -> {
        boolean known = lastHeard.put(peer, System.nanoTime()) != null;
        if (!known) {
          announce("alive"); // so the newcomer learns of us at once
        }
      }
      default -> lastHeard.put(peer, System.nanoTime());
    }
  }
}
