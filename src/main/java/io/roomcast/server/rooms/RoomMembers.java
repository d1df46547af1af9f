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
