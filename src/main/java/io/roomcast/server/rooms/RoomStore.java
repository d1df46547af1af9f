package io.roomcast.server.rooms;

import io.vertx.core.Future;

import java.util.List;
import java.util.SortedMap;

/**
 * Where room membership is authoritative: who is in which room, with nickname and owning node.
 * In memory for one node ({@link LocalRoomStore}), in a Hazelcast map for a cluster
 * ({@link HazelcastRoomStore}). Used on the room manager's context; futures complete there.
 */
public interface RoomStore {

  /** Adds a member; completes with the count after, once every node can see it. */
  Future<MemberChange> join(String room, String member, String nickname, String node);

  /** Removes a member; completes with the count after (0 when the room is gone). */
  Future<MemberChange> leave(String room, String member);

  /** Changes a member's nickname in every room it is in. */
  Future<Void> rename(String member, String nickname);

  /** The nicknames of a room's members. */
  Future<List<String>> nicknames(String room);

  /** Removes every member owned by {@code node}; completes with what was removed here. */
  Future<List<Departure>> purgeNode(String node);

  /** Removes every member owned by a node not in {@code alive}; completes with what was removed here. */
  Future<List<Departure>> purgeAllBut(java.util.Set<String> alive);

  /**
   * Reads every room from where membership is authoritative again, replacing this node's view of
   * the counts (the listener hears of the change): for a node whose view may have missed changes
   * (it was cut off from the cluster).
   */
  Future<Void> reload();

  /** This node's current view of every room and its count, sorted by name (private rooms never enter the store). */
  SortedMap<String, Integer> counts();

  /** Called on the manager's context with the room whose count changed ({@code null}: all of them). */
  void onChange(java.util.function.Consumer<String> listener);

  /** Stops listening. */
  Future<Void> close();
}
