package io.roomcast.server;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;

import java.time.Duration;

/**
 * A node-local tally of Roomcast's running verticles (name and instance count), for {@code /health}.
 * Each verticle adds itself when started and removes itself when stopped.
 */
final class DeployedVerticles {

  private static final String MAP = "roomcast.verticles";

  private DeployedVerticles() {
  }

  static void add(Vertx vertx, String name) {
    change(vertx, name, 1);
  }

  static void remove(Vertx vertx, String name) {
    change(vertx, name, -1);
  }

  static int count(Vertx vertx, String name) {
    Integer count = map(vertx).get(name);
    return count == null ? 0 : count;
  }

  /** Completes once no verticle {@code name} runs on this node, or after {@code atMost}. */
  static Future<Void> awaitNone(Vertx vertx, String name, Duration atMost) {
    Promise<Void> gone = Promise.promise();
    long deadline = System.nanoTime() + atMost.toNanos();
    vertx.setPeriodic(0, 20, timer -> {
      if (count(vertx, name) == 0 || System.nanoTime() > deadline) {
        vertx.cancelTimer(timer);
        gone.tryComplete();
      }
    });
    return gone.future();
  }

  /** {@code {"SocketGatewayVerticle": 2, ...}} */
  static JsonObject snapshot(Vertx vertx) {
    JsonObject result = new JsonObject();
    map(vertx).entrySet().stream()
      .filter(e -> e.getValue() > 0)
      .sorted(java.util.Map.Entry.comparingByKey())
      .forEach(e -> result.put(e.getKey(), e.getValue()));
    return result;
  }

  private static void change(Vertx vertx, String name, int delta) {
    LocalMap<String, Integer> map = map(vertx);
    while (true) {
      Integer old = map.putIfAbsent(name, Math.max(delta, 0));
      if (old == null || map.replace(name, old, Math.max(old + delta, 0))) {
        return;
      }
    }
  }

  private static LocalMap<String, Integer> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
