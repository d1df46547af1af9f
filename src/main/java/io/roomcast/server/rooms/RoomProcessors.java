package io.roomcast.server.rooms;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The changes to the cluster's room map, each run atomically on the partition that owns the room
 * (and on its backup): no locks, no read-modify-write races between nodes.
 */
final class RoomProcessors {

  /**
   * How long a room that emptied keeps its entry (empty, not counted, not listed): a room made again
   * meanwhile counts its versions on from where it was, so a late notice about the room's former
   * self never looks newer than one about the new. Past it, a new room's versions start from the
   * clock, well above.
   */
  static final long EMPTY_ROOM_SECONDS = 60;

  private RoomProcessors() {
  }

  /** Stores a room: for good while it has members, for {@value #EMPTY_ROOM_SECONDS} s once empty. */
  static void store(Map.Entry<String, RoomMembers> entry, RoomMembers members) {
    if (entry instanceof ExtendedMapEntry<String, RoomMembers> timed) {
      timed.setValue(members, members.isEmpty() ? EMPTY_ROOM_SECONDS : 0, TimeUnit.SECONDS);
    } else {
      entry.setValue(members);
    }
  }

  /** Adds a member; returns the count after, and whether another member already had its nickname. */
  record Join(String member, String nickname, String node) implements EntryProcessor<String, RoomMembers, MemberChange> {
    @Override
    public MemberChange process(Map.Entry<String, RoomMembers> entry) {
      RoomMembers members = entry.getValue() == null ? new RoomMembers() : entry.getValue();
      members.put(member, new RoomMembers.Member(nickname, node));
      long version = members.changed();
      store(entry, members);
      return new MemberChange(members.size(), members.hasNickname(nickname, member), version);
    }
  }

  /** Removes a member; returns the count after, and whether one left has its nickname; removes the room when it empties. */
  record Leave(String member) implements EntryProcessor<String, RoomMembers, MemberChange> {
    @Override
    public MemberChange process(Map.Entry<String, RoomMembers> entry) {
      RoomMembers members = entry.getValue();
      if (members == null) {
        return new MemberChange(0, false, 0);
      }
      RoomMembers.Member gone = members.remove(member);
      if (gone == null) {
        return new MemberChange(members.size(), false, 0);
      }
      long version = members.changed();
      store(entry, members);
      return new MemberChange(members.size(), members.hasNickname(gone.nickname(), member), version);
    }
  }

  /** Renames a member wherever it is. */
  record Rename(String member, String nickname) implements EntryProcessor<String, RoomMembers, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, RoomMembers> entry) {
      RoomMembers members = entry.getValue();
      if (members != null && members.rename(member, nickname)) {
        members.changed();
        store(entry, members);
        return true;
      }
      return false;
    }
  }

  /**
   * Removes the members of vanished nodes: those of the nodes in {@code nodes}, or with
   * {@code allBut}, those of every node not in {@code nodes}. Returns the departures.
   */
  record Purge(Set<String> nodes, boolean allBut) implements EntryProcessor<String, RoomMembers, List<Departure>> {

    static Purge node(String gone) {
      return new Purge(Set.of(gone), false);
    }

    static Purge allBut(Set<String> alive) {
      return new Purge(Set.copyOf(alive), true);
    }

    boolean gone(String node) {
      return nodes.contains(node) != allBut;
    }

    /**
     * One departure per removed member, as if they had left one by one: each with the count right
     * after it, and whether a member still there (or removed after it) has its nickname.
     */
    static List<Departure> departures(String room, RoomMembers left, Map<String, RoomMembers.Member> removed) {
      List<Departure> departures = new ArrayList<>(removed.size());
      List<Map.Entry<String, RoomMembers.Member>> gone = new ArrayList<>(removed.entrySet());
      int count = left.size() + gone.size();
      for (int i = 0; i < gone.size(); i++) {
        String nickname = gone.get(i).getValue().nickname();
        boolean shared = left.hasNickname(nickname, null)
          || gone.subList(i + 1, gone.size()).stream().anyMatch(later -> later.getValue().nickname().equals(nickname));
        departures.add(new Departure(room, gone.get(i).getKey(), nickname, --count, shared, left.changed()));
      }
      return departures;
    }

    @Override
    public List<Departure> process(Map.Entry<String, RoomMembers> entry) {
      RoomMembers members = entry.getValue();
      if (members == null) {
        return null;
      }
      Map<String, RoomMembers.Member> removed = members.removeIf(this::gone);
      if (removed.isEmpty()) {
        return null;
      }
      List<Departure> departures = Purge.departures(entry.getKey(), members, removed);
      store(entry, members);
      return departures;
    }
  }
}
