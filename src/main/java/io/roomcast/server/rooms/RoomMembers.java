package io.roomcast.server.rooms;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of one room (member id → nickname and owning node), as one value of the cluster's
 * room map. Changed only inside entry processors, so each change is atomic on its partition.
 */
public final class RoomMembers implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One member: its nickname and the node its socket lives on. */
  public record Member(String nickname, String node) implements Serializable {
  }

  private final LinkedHashMap<String, Member> members = new LinkedHashMap<>();
  /**
   * Counts the room's changes, from its creation time (milliseconds, shifted left 20 bits) so that a
   * room made again after it emptied counts on from above its former self: a newer change of the
   * room always has a higher version, and notices about a member can be put in order by it.
   */
  private long version = System.currentTimeMillis() << 20;

  /** Marks a change of the room; returns its version. */
  long changed() {
    return ++version;
  }

  public int size() {
    return members.size();
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  boolean put(String id, Member member) {
    return members.put(id, member) == null;
  }

  Member remove(String id) {
    return members.remove(id);
  }

  boolean rename(String id, String nickname) {
    Member member = members.get(id);
    if (member == null || member.nickname().equals(nickname)) {
      return false;
    }
    members.put(id, new Member(nickname, member.node()));
    return true;
  }

  /** Whether a member other than {@code id} has {@code nickname}. */
  boolean hasNickname(String nickname, String id) {
    for (Map.Entry<String, Member> member : members.entrySet()) {
      if (member.getValue().nickname().equals(nickname) && !member.getKey().equals(id)) {
        return true;
      }
    }
    return false;
  }

  public List<String> nicknames() {
    List<String> names = new ArrayList<>(members.size());
    members.values().forEach(member -> names.add(member.nickname()));
    return names;
  }

  /** Removes the members whose node matches; returns them (id → member). */
  Map<String, Member> removeIf(java.util.function.Predicate<String> nodeMatches) {
    Map<String, Member> removed = new LinkedHashMap<>();
    members.entrySet().removeIf(entry -> {
      if (nodeMatches.test(entry.getValue().node())) {
        removed.put(entry.getKey(), entry.getValue());
        return true;
      }
      return false;
    });
    return removed;
  }
}
