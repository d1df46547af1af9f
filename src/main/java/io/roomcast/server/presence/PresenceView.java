package io.roomcast.server.presence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node's copy of presence, kept from the store's changes: every online socket of the cluster and
 * each room's members, for answers that never wait on the cluster (no Hazelcast call, nothing a
 * frozen member can hold up). It follows the store within the time an event takes to arrive.
 * Each change also yields its rooms' {@link RoomDiff}s. Used on one context.
 */
public final class PresenceView {

  private final Map<String, OnlineSocket> sockets = new HashMap<>();
  private final Map<String, Set<String>> rooms = new HashMap<>();
  /** Sockets changed before {@link #load}: the older snapshot must not overwrite them. Null once loaded. */
  private Set<String> changedBeforeLoad = new HashSet<>();

  /** Takes the entries that existed before the first change heard, except those changed since. */
  public void load(Map<String, OnlineSocket> existing) {
    Set<String> skip = changedBeforeLoad == null ? Set.of() : changedBeforeLoad;
    existing.forEach((id, entry) -> {
      if (!skip.contains(id)) {
        index(id, entry);
      }
    });
    changedBeforeLoad = null;
  }

  /** Applies a change of the store; returns how it changed each room it touched, sorted by room. */
  public List<RoomDiff> apply(String id, OnlineSocket before, OnlineSocket after) {
    if (changedBeforeLoad != null) {
      changedBeforeLoad.add(id);
    }
    OnlineSocket previous = sockets.remove(id);
    if (previous != null) {
      previous.rooms().forEach(room -> unindex(room, id));
    }
    if (after != null) {
      index(id, after);
    }
    return diffs(id, before, after);
  }

  /**
   * Makes this copy equal to {@code entries} (a fresh read of the store, for a copy that may have
   * missed changes); returns how each room changed, as {@link #apply} would have.
   */
  public List<RoomDiff> replace(Map<String, OnlineSocket> entries) {
    Set<String> ids = new TreeSet<>(sockets.keySet());
    ids.addAll(entries.keySet());
    List<RoomDiff> diffs = new ArrayList<>();
    for (String id : ids) {
      OnlineSocket before = sockets.get(id);
      OnlineSocket after = entries.get(id);
      if (!java.util.Objects.equals(before, after)) {
        diffs.addAll(apply(id, before, after));
      }
    }
    return diffs;
  }

  /** How many sockets are online, cluster-wide. */
  public int size() {
    return sockets.size();
  }

  /** Every online socket (id → entry), sorted by nickname as {@link Member#BY_NICKNAME}. */
  public List<Map.Entry<String, OnlineSocket>> online() {
    List<Map.Entry<String, OnlineSocket>> all = new ArrayList<>(sockets.size());
    sockets.forEach((id, entry) -> all.add(Map.entry(id, entry)));
    all.sort(Comparator.comparing(online -> online.getValue().member(online.getKey()), Member.BY_NICKNAME));
    return all;
  }

  /** The members of {@code room}, sorted by nickname. */
  public List<Member> members(String room) {
    List<Member> members = new ArrayList<>();
    rooms.getOrDefault(room, Set.of()).forEach(id -> members.add(sockets.get(id).member(id)));
    members.sort(Member.BY_NICKNAME);
    return members;
  }

  private void index(String id, OnlineSocket entry) {
    sockets.put(id, entry);
    entry.rooms().forEach(room -> rooms.computeIfAbsent(room, r -> new HashSet<>()).add(id));
  }

  private void unindex(String room, String id) {
    Set<String> members = rooms.get(room);
    if (members != null && members.remove(id) && members.isEmpty()) {
      rooms.remove(room);
    }
  }

  /** From the change's own before and after, not from this copy: right even for a change heard before {@link #load}. */
  private static List<RoomDiff> diffs(String id, OnlineSocket before, OnlineSocket after) {
    List<String> roomsBefore = before == null ? List.of() : before.rooms();
    List<String> roomsAfter = after == null ? List.of() : after.rooms();
    if (roomsBefore.isEmpty() && roomsAfter.isEmpty()) {
      return List.of();
    }
    boolean renamed = before != null && after != null
      && !(before.nickname().equals(after.nickname()) && before.node().equals(after.node()));
    TreeSet<String> touched = new TreeSet<>(roomsBefore);
    touched.addAll(roomsAfter);
    List<RoomDiff> diffs = new ArrayList<>();
    for (String room : touched) {
      boolean wasIn = roomsBefore.contains(room);
      boolean isIn = roomsAfter.contains(room);
      if (wasIn != isIn || renamed) {
        List<Member> joined = isIn ? List.of(after.member(id)) : List.of();
        List<Member> left = wasIn ? List.of(before.member(id)) : List.of();
        diffs.add(new RoomDiff(room, joined, left));
      }
    }
    return diffs;
  }
}
