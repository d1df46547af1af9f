package io.roomcast.server;

import io.roomcast.testing.Poll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A node's presence seen from its event bus, as any consumer there sees it: the online sockets,
 * a room's members, and every room diff the node publishes, kept for the test thread.
 */
final class PresenceProbe {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx node;
  private final List<JsonObject> diffs = new ArrayList<>();

  private PresenceProbe(Vertx node) {
    this.node = node;
  }

  /** Starts recording {@code node}'s room diffs. */
  static PresenceProbe on(Vertx node) {
    PresenceProbe probe = new PresenceProbe(node);
    await(node.eventBus().<JsonObject>localConsumer(Addresses.PRESENCE_ROOM_CHANGED, m -> probe.add(m.body())).completion());
    return probe;
  }

  /** {@code [{id, nickname, node, rooms}]}, every online socket of the cluster. */
  JsonArray online() {
    return await(node.eventBus().<JsonArray>request(Addresses.PRESENCE_ONLINE, null, LOCAL)).body();
  }

  /** {@code [{id, nickname, node}]}, the members of {@code room}. */
  JsonArray room(String room) {
    return await(node.eventBus().<JsonArray>request(Addresses.PRESENCE_ROOM, new JsonObject().put("room", room), LOCAL)).body();
  }

  /** The online socket {@code id}'s entry, or null. */
  JsonObject socket(String id) {
    return online().stream().map(JsonObject.class::cast).filter(entry -> entry.getString("id").equals(id)).findFirst().orElse(null);
  }

  /** Waits until the socket {@code id}'s entry (null while offline) matches. */
  JsonObject awaitSocket(String id, String what, Predicate<JsonObject> match) {
    return Poll.until(WAIT, "presence: " + what, () -> {
      JsonObject entry = socket(id);
      return match.test(entry) ? (entry == null ? new JsonObject() : entry) : null;
    });
  }

  synchronized int mark() {
    return diffs.size();
  }

  synchronized List<JsonObject> diffs(int from) {
    return List.copyOf(diffs.subList(from, diffs.size()));
  }

  /** Waits for {@code count} diffs from {@code from} on; returns them. */
  List<JsonObject> awaitDiffs(int from, int count) {
    return Poll.until(WAIT, count + " room diffs (so far: " + diffs(from) + ")", () -> diffs(from).size() >= count ? diffs(from) : null);
  }

  private synchronized void add(JsonObject diff) {
    diffs.add(diff);
  }

  /** A socket as a room member, as presence lists it. */
  static JsonObject member(String id, String nickname, String node) {
    return new JsonObject().put("id", id).put("nickname", nickname).put("node", node);
  }

  /** An online socket as presence lists it. */
  static JsonObject entry(String id, String nickname, String node, String... rooms) {
    return member(id, nickname, node).put("rooms", new JsonArray(List.of((Object[]) rooms)));
  }

  /** A room diff with one member joining and none leaving (or the other way round with {@code joined} false). */
  static JsonObject diff(String room, JsonObject member, boolean joined) {
    JsonArray one = new JsonArray().add(member);
    return new JsonObject().put("room", room)
      .put("joined", joined ? one : new JsonArray())
      .put("left", joined ? new JsonArray() : one);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out after " + WAIT, e);
    }
  }
}
