package io.roomcast.server.rooms;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The cluster's room store: one entry per room in the Hazelcast map {@value #MAP}, changed by
 * entry processors on the owning partition (async, never on an event loop's time), and seen by
 * every node through an entry listener that keeps {@link #counts()} current. A node starting
 * later loads the existing rooms before it serves, so it sees them at once.
 */
public final class HazelcastRoomStore implements RoomStore {

  /** Hazelcast map: room name → {@link RoomMembers}. Written by every node's room manager. */
  public static final String MAP = "roomcast.rooms";

  private final Vertx vertx;
  private final Context context;
  private final IMap<String, RoomMembers> map;
  private final SortedMap<String, Integer> counts = new TreeMap<>();
  /** Rooms changed by events since start: the initial snapshot must not overwrite them. */
  private final Set<String> touched = new HashSet<>();
  private UUID listenerId;
  private java.util.function.Consumer<String> listener = room -> { };

  private HazelcastRoomStore(Vertx vertx, Context context, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.context = context;
    this.map = hazelcast.getMap(MAP);
  }

  /** Subscribes to changes, then loads the existing rooms; call on the room manager's context. */
  public static Future<HazelcastRoomStore> start(Vertx vertx, HazelcastInstance hazelcast) {
    HazelcastRoomStore store = new HazelcastRoomStore(vertx, vertx.getOrCreateContext(), hazelcast);
    return vertx.executeBlocking(() -> {
      store.listenerId = store.map.addEntryListener(store.new Events(), true);
      return Map.copyOf(store.map);
    }, false).map(snapshot -> {
      snapshot.forEach((room, members) -> {
        if (!store.touched.contains(room) && !members.isEmpty()) {
          store.counts.put(room, members.size());
        }
      });
      return store;
    });
  }

  @Override
  public Future<MemberChange> join(String room, String member, String nickname, String node) {
    return Future.fromCompletionStage(map.submitToKey(room, new RoomProcessors.Join(member, nickname, node)), context);
  }

  @Override
  public Future<MemberChange> leave(String room, String member) {
    return Future.fromCompletionStage(map.submitToKey(room, new RoomProcessors.Leave(member)), context);
  }

  @Override
  public Future<Void> rename(String member, String nickname) {
    return vertx.executeBlocking(() -> map.executeOnEntries(new RoomProcessors.Rename(member, nickname)), false).mapEmpty();
  }

  @Override
  public Future<List<String>> nicknames(String room) {
    return Future.fromCompletionStage(map.getAsync(room), context)
      .map(members -> members == null ? List.of() : members.nicknames());
  }

  @Override
  public Future<List<Departure>> purgeNode(String node) {
    return purge(RoomProcessors.Purge.node(node));
  }

  @Override
  public Future<List<Departure>> purgeAllBut(Set<String> alive) {
    return purge(RoomProcessors.Purge.allBut(alive));
  }

  private Future<List<Departure>> purge(RoomProcessors.Purge purge) {
    return vertx.executeBlocking(() -> {
      List<Departure> departures = new ArrayList<>();
      map.executeOnEntries(purge).values().forEach(removed -> {
        if (removed != null) {
          departures.addAll(removed);
        }
      });
      return departures;
    }, false);
  }

  @Override
  public Future<Void> reload() {
    return vertx.executeBlocking(() -> Map.copyOf(map), false).map(snapshot -> {
      counts.clear();
      snapshot.forEach((room, members) -> {
        if (!members.isEmpty()) {
          counts.put(room, members.size());
        }
      });
      listener.accept(null);
      return null;
    });
  }

  @Override
  public SortedMap<String, Integer> counts() {
    return counts;
  }

  @Override
  public void onChange(java.util.function.Consumer<String> listener) {
    this.listener = listener;
  }

  @Override
  public Future<Void> close() {
    UUID id = listenerId;
    return id == null ? Future.succeededFuture() : vertx.executeBlocking(() -> map.removeEntryListener(id), false).mapEmpty();
  }

  /** Map events arrive on Hazelcast threads; the view is only touched on the manager's context. */
  private final class Events implements EntryAddedListener<String, RoomMembers>, EntryUpdatedListener<String, RoomMembers>,
    EntryRemovedListener<String, RoomMembers>, EntryEvictedListener<String, RoomMembers>, MapClearedListener {

    @Override
    public void entryAdded(EntryEvent<String, RoomMembers> event) {
      set(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, RoomMembers> event) {
      set(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, RoomMembers> event) {
      set(event.getKey(), null);
    }

    @Override
    public void entryEvicted(EntryEvent<String, RoomMembers> event) {
      set(event.getKey(), null);
    }

    @Override
    public void mapCleared(MapEvent event) {
      context.runOnContext(v -> {
        counts.clear();
        listener.accept(null);
      });
    }

    private void set(String room, RoomMembers members) {
      int size = members == null ? 0 : members.size();
      context.runOnContext(v -> {
        touched.add(room);
        Integer before = size == 0 ? counts.remove(room) : counts.put(room, size);
        if (before == null || before != size) {
          listener.accept(room);
        }
      });
    }
  }
}
