package io.roomcast.server.presence;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.UUID;

/**
 * The cluster's presence store: one entry per online socket in the Hazelcast map {@value #MAP},
 * written with Hazelcast's async calls (never on an event loop's time). Every node listens to the
 * map with values, so it hears every change, its own included, with the entry before and after.
 */
public final class HazelcastPresenceStore implements PresenceStore {

  /** Hazelcast map: socket id → {@link OnlineSocket}. Written by every node's presence, for its own sockets; purged by the survivors of a node. */
  public static final String MAP = "roomcast.presence";

  private final Vertx vertx;
  private final Context context;
  private final IMap<String, OnlineSocket> map;
  private final Listener listener;
  private Map<String, OnlineSocket> existing = Map.of();
  private UUID listenerId;

  private HazelcastPresenceStore(Vertx vertx, Context context, HazelcastInstance hazelcast, Listener listener) {
    this.vertx = vertx;
    this.context = context;
    this.map = hazelcast.getMap(MAP);
    this.listener = listener;
  }

  /** Subscribes to changes, then reads the existing entries; call on the owner's context. */
  public static Future<HazelcastPresenceStore> start(Vertx vertx, HazelcastInstance hazelcast, Listener listener) {
    HazelcastPresenceStore store = new HazelcastPresenceStore(vertx, vertx.getOrCreateContext(), hazelcast, listener);
    return vertx.executeBlocking(() -> {
      store.listenerId = store.map.addEntryListener(store.new Events(), true);
      return Map.copyOf(store.map);
    }, false).map(snapshot -> {
      store.existing = snapshot;
      return store;
    });
  }

  @Override
  public Map<String, OnlineSocket> existing() {
    return existing;
  }

  @Override
  public Future<Map<String, OnlineSocket>> snapshot() {
    return vertx.executeBlocking(() -> Map.copyOf(map), false);
  }

  @Override
  public Future<Void> put(String socket, OnlineSocket entry) {
    return Future.fromCompletionStage(map.setAsync(socket, entry), context);
  }

  @Override
  public Future<Void> remove(String socket) {
    return Future.fromCompletionStage(map.removeAsync(socket), context).mapEmpty();
  }

  /** A removal per entry, on the partition that owns it: when several survivors run it, each entry is removed (and heard of) once. */
  @Override
  public Future<Void> purgeNode(String node) {
    return vertx.executeBlocking(() -> {
      map.removeAll(Predicates.equal("node", node));
      return null;
    }, false);
  }

  @Override
  public Future<Void> close() {
    UUID id = listenerId;
    return id == null ? Future.succeededFuture() : vertx.executeBlocking(() -> map.removeEntryListener(id), false).mapEmpty();
  }

  /** Map events arrive on Hazelcast's threads, in order per socket; the listener is called on the owner's context, in that order. */
  private final class Events implements EntryAddedListener<String, OnlineSocket>, EntryUpdatedListener<String, OnlineSocket>,
    EntryRemovedListener<String, OnlineSocket> {

    @Override
    public void entryAdded(EntryEvent<String, OnlineSocket> event) {
      changed(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, OnlineSocket> event) {
      changed(event);
    }

    @Override
    public void entryRemoved(EntryEvent<String, OnlineSocket> event) {
      changed(event);
    }

    private void changed(EntryEvent<String, OnlineSocket> event) {
      String socket = event.getKey();
      OnlineSocket before = event.getOldValue();
      OnlineSocket after = event.getValue();
      context.runOnContext(v -> listener.changed(socket, before, after));
    }
  }
}
