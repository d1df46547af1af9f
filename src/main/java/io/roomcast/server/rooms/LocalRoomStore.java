package io.roomcast.server.rooms;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The room store of a node that is not clustered: a map in memory. */
public final class LocalRoomStore implements RoomStore {

  private final Map<String, RoomMembers> rooms = new HashMap<>();
  /** Rooms that emptied lately, kept (as in the Hazelcast store for a while) so that a room made again counts its versions on. */
  private final Map<String, RoomMembers> emptied = new java.util.LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RoomMembers> eldest) {
      return size() > 10_000;
    }
  };
  private final SortedMap<String, Integer> counts = new TreeMap<>();
  private java.util.function.Consumer<String> listener = room -> { };

  @Override
  public Future<MemberChange> join(String room, String member, String nickname, String node) {
    RoomMembers members = rooms.computeIfAbsent(room, r -> {
      RoomMembers former = emptied.remove(r);
      return former != null ? former : new RoomMembers();
    });
    if (members.put(member, new RoomMembers.Member(nickname, node))) {
      changed(room, members.size());
    }
    return Future.succeededFuture(new MemberChange(members.size(), members.hasNickname(nickname, member), members.changed()));
  }

  @Override
  public Future<MemberChange> leave(String room, String member) {
    RoomMembers members = rooms.get(room);
    if (members == null) {
      return Future.succeededFuture(new MemberChange(0, false, 0));
    }
    RoomMembers.Member gone = members.remove(member);
    if (gone == null) {
      return Future.succeededFuture(new MemberChange(members.size(), false, 0));
    }
    changed(room, members.size());
    return Future.succeededFuture(new MemberChange(members.size(), members.hasNickname(gone.nickname(), member), members.changed()));
  }

  @Override
  public Future<Void> rename(String member, String nickname) {
    rooms.values().forEach(members -> members.rename(member, nickname));
    return Future.succeededFuture();
  }

  @Override
  public Future<List<String>> nicknames(String room) {
    RoomMembers members = rooms.get(room);
    return Future.succeededFuture(members == null ? List.of() : members.nicknames());
  }

  @Override
  public Future<List<Departure>> purgeNode(String node) {
    return purge(RoomProcessors.Purge.node(node));
  }

  @Override
  public Future<List<Departure>> purgeAllBut(java.util.Set<String> alive) {
    return purge(RoomProcessors.Purge.allBut(alive));
  }

  private Future<List<Departure>> purge(RoomProcessors.Purge purge) {
    List<Departure> departures = new ArrayList<>();
    for (Map.Entry<String, RoomMembers> entry : List.copyOf(rooms.entrySet())) {
      Map<String, RoomMembers.Member> removed = entry.getValue().removeIf(purge::gone);
      if (!removed.isEmpty()) {
        departures.addAll(RoomProcessors.Purge.departures(entry.getKey(), entry.getValue(), removed));
        changed(entry.getKey(), entry.getValue().size());
      }
    }
    return Future.succeededFuture(departures);
  }

  private void changed(String room, int count) {
    if (count == 0) {
      emptied.put(room, rooms.remove(room));
      counts.remove(room);
    } else {
      counts.put(room, count);
    }
    listener.accept(room);
  }

  /** Nothing to reload: this store is where membership is authoritative. */
  @Override
  public Future<Void> reload() {
    return Future.succeededFuture();
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
    return Future.succeededFuture();
  }
}
