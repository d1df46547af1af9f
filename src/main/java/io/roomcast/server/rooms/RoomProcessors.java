package io.roomcast.server.rooms;

import com.hazelcast.map.EntryProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The changes to the cluster's room map, each run atomically on the partition that owns the room
 * (and on its backup): no locks, no read-modify-write races between nodes.
 */
final class RoomProcessors {

  private RoomProcessors() {
  }

  /** Adds a member; returns the count after. */
  record Join(String member, String nickname, String node) implements EntryProcessor<String, RoomMembers, Integer> {
    @Override
    public Integer process(Map.Entry<String, RoomMembers> entry) {
      RoomMembers members = entry.getValue() == null ? new RoomMembers() : entry.getValue();
      members.put(member, new RoomMembers.Member(nickname, node));
      entry.setValue(members);
      return members.size();
    }
  }

  /** Removes a member; returns the count after, and removes the room when it empties. */
  record Leave(String member) implements EntryProcessor<String, RoomMembers, Integer> {
    @Override
    public Integer process(Map.Entry<String, RoomMembers> entry) {
      RoomMembers members = entry.getValue();
      if (members == null) {
        return 0;
      }
      if (members.remove(member) == null) {
        return members.size();
      }
      entry.setValue(members.isEmpty() ? null : members);
      return members.size();
    }
  }

  /** Renames a member wherever it is. */
  record Rename(String member, String nickname) implements EntryProcessor<String, RoomMembers, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, RoomMembers> entry) {
      RoomMembers members = entry.getValue();
      if (members != null && members.rename(member, nickname)) {
        entry.setValue(members);
        return true;
      }
      return false;
    }
  }

  /** Removes the members of a vanished node; returns the departures. */
  record Purge(String deadNode) implements EntryProcessor<String, RoomMembers, List<Departure>> {
    @Override
    public List<Departure> process(Map.Entry<String, RoomMembers> entry) {
      RoomMembers members = entry.getValue();
      if (members == null) {
        return null;
      }
      Map<String, RoomMembers.Member> removed = members.removeIf(deadNode::equals);
      if (removed.isEmpty()) {
        return null;
      }
      entry.setValue(members.isEmpty() ? null : members);
      // One departure per member, each with the count right after it, as if they had left one by one.
      List<Departure> departures = new ArrayList<>(removed.size());
      int count = members.size() + removed.size();
      for (Map.Entry<String, RoomMembers.Member> gone : removed.entrySet()) {
        departures.add(new Departure(entry.getKey(), gone.getKey(), gone.getValue().nickname(), --count));
      }
      return departures;
    }
  }
}
