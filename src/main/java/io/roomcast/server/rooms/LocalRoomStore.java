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
  private final SortedMap<String, Integer> counts = new TreeMap<>();
  private java.util.function.Consumer<String> listener = room -> { };

  @Override
  public Future<Integer> join(String room, String member, String nickname, String node) {
    RoomMembers members = rooms.computeIfAbsent(room, r -> new RoomMembers());
    if (members.put(member, new RoomMembers.Member(nickname, node))) {
      changed(room, members.size());
    }
    return Future.succeededFuture(members.size());
  }

  @Override
  public Future<Integer> leave(String room, String member) {
    RoomMembers members = rooms.get(room);
    if (members == null) {
      return Future.succeededFuture(0);
    }
    if (members.remove(member) != null) {
      changed(room, members.size());
    }
    return Future.succeededFuture(members.size());
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
    List<Departure> departures = new ArrayList<>();
    for (Map.Entry<String, RoomMembers> entry : List.copyOf(rooms.entrySet())) {
      Map<String, RoomMembers.Member> removed = entry.getValue().removeIf(node::equals);
      if (!removed.isEmpty()) {
        // As RoomProcessors.Purge: each departure with the count right after it.
        int count = entry.getValue().size() + removed.size();
        for (Map.Entry<String, RoomMembers.Member> gone : removed.entrySet()) {
          departures.add(new Departure(entry.getKey(), gone.getKey(), gone.getValue().nickname(), --count));
        }
        changed(entry.getKey(), count);
      }
    }
    return Future.succeededFuture(departures);
  }

  private void changed(String room, int count) {
    if (count == 0) {
      rooms.remove(room);
      counts.remove(room);
    } else {
      counts.put(room, count);
    }
    listener.accept(room);
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
