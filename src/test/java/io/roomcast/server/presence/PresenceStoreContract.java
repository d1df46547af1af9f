package io.roomcast.server.presence;

import io.roomcast.testing.Poll;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every {@link PresenceStore} does, run against the memory one and the Hazelcast one: each
 * write is heard with the entry before and after, and a node's purge removes its sockets once.
 */
abstract class PresenceStoreContract {

  static final Duration WAIT = Duration.ofSeconds(15);

  /** One change a listener heard. */
  record Change(String socket, OnlineSocket before, OnlineSocket after) {
  }

  /** A listener that keeps what it hears, for the test thread. */
  static final class Heard implements PresenceStore.Listener {
    private final List<Change> changes = new ArrayList<>();

    @Override
    public synchronized void changed(String socket, OnlineSocket before, OnlineSocket after) {
      changes.add(new Change(socket, before, after));
    }

    synchronized List<Change> since(int from) {
      return List.copyOf(changes.subList(from, changes.size()));
    }

    synchronized int mark() {
      return changes.size();
    }

    /** Waits until {@code count} changes arrived from {@code from} on; returns them. */
    List<Change> await(int from, int count) {
      return Poll.until(WAIT, count + " changes", () -> since(from).size() >= count ? since(from) : null);
    }
  }

  /** Sockets and nodes of this test only: stores of one cluster share their map. */
  final String run = UUID.randomUUID().toString().substring(0, 8);

  /** What the store's listener heard. */
  final Heard heard = new Heard();

  /** The store the test writes through, listened to by {@link #heard}: set by each implementation's test. */
  PresenceStore store;

  static <T> T await(Future<T> future) {
    try {
      return future.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out after " + WAIT, e);
    }
  }

  @Test
  void eachWriteIsHeardWithTheEntryBeforeAndAfter() {
    String socket = "s-" + run;
    OnlineSocket online = OnlineSocket.of("guest", "n-" + run, List.of());
    OnlineSocket entered = OnlineSocket.of("Ann", "n-" + run, List.of("r"));
    int mark = heard.mark();
    await(store.put(socket, online));
    await(store.put(socket, entered));
    await(store.remove(socket));
    await(store.remove(socket));
    assertEquals(List.of(new Change(socket, null, online), new Change(socket, online, entered), new Change(socket, entered, null)),
      heard.await(mark, 3), "a removal of what is not there is not heard");
  }

  /**
   * Changes of one socket are heard in order; of different sockets, in any order (Hazelcast tells
   * each partition's on its own thread). So "once" is checked with a marker per socket: a write
   * after the purges, which must come right after the removal.
   */
  @Test
  void aPurgeRemovesTheNodesSocketsOnceAndNoOthers() {
    String dead = "dead-" + run;
    String alive = "alive-" + run;
    OnlineSocket a = OnlineSocket.of("A", dead, List.of("r"));
    OnlineSocket b = OnlineSocket.of("B", dead, List.of());
    OnlineSocket c = OnlineSocket.of("C", alive, List.of("r"));
    await(Future.all(store.put("a-" + run, a), store.put("b-" + run, b), store.put("c-" + run, c)));
    heard.await(0, 3);
    int mark = heard.mark();
    await(Future.all(store.purgeNode(dead), store.purgeNode(dead)));
    await(store.purgeNode(dead));
    OnlineSocket marker = OnlineSocket.of("back", alive, List.of());
    await(Future.all(store.put("a-" + run, marker), store.put("b-" + run, marker), store.put("c-" + run, marker)));
    Map<String, List<Change>> bySocket = bySocket(heard.await(mark, 5));
    assertEquals(Map.of(
        "a-" + run, List.of(new Change("a-" + run, a, null), new Change("a-" + run, null, marker)),
        "b-" + run, List.of(new Change("b-" + run, b, null), new Change("b-" + run, null, marker)),
        "c-" + run, List.of(new Change("c-" + run, c, marker))),
      bySocket, "each of the dead node's sockets removed once, the other one kept");
  }

  /** The changes of each socket, in the order heard. */
  static Map<String, List<Change>> bySocket(List<Change> changes) {
    Map<String, List<Change>> bySocket = new TreeMap<>();
    changes.forEach(change -> bySocket.computeIfAbsent(change.socket(), k -> new ArrayList<>()).add(change));
    return bySocket;
  }
}
