package io.roomcast.chat;

import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.List;

/**
 * The chat's view of who is in which room, everywhere: counts, listings and members.
 * Delivery goes through Socket.IO rooms; this registry is for what must be the same on every
 * node. Completed futures mean the change is visible to every node.
 */
public interface RoomRegistry {

  /**
   * A member entered or left: the room's member count after it, whether the room should hear of it
   * ({@code welcome}/{@code bye}), and the room's version after it. It should not hear of it when
   * another member of the room has the same nickname: the same person on another connection (one
   * that replaced a connection whose server died, say) did not enter or leave. Versions grow with
   * every change of a room, so notices about one person can be put in order.
   */
  record Change(int count, boolean notice, long version) {
  }

  /**
   * False while this server may be cut off from the rest of the cluster (it stood still long
   * enough to be declared dead, or is merging back after a split): what the chat changed or sent
   * now could reach only part of the cluster, so it refuses instead. Cheap, any thread.
   */
  boolean available();

  /** Adds a member (socket id, with its nickname) to a room. */
  Future<Change> join(String room, String socketId, String nickname);

  /** Removes a member (the count after it is 0 once the room is gone). */
  Future<Change> leave(String room, String socketId);

  /** Changes a member's nickname in every room it is in. */
  Future<Void> rename(String socketId, String nickname);

  /** The nicknames of a room's members, sorted. */
  Future<List<String>> members(String room);

  /** The public rooms with their counts, sorted by name. */
  Future<List<RoomCount>> rooms();

  /**
   * Called with each room whose count changed, on the caller's context: its new count, 0 once it is
   * gone; or with {@code null} when any room may have changed (then ask {@link #rooms()}).
   */
  void onChange(Handler<RoomCount> handler);

  /**
   * A member that left a room without saying so (its node vanished): its socket id and nickname,
   * the count after, whether the room should hear of it, and the room's version after it (as in
   * {@link Change}).
   */
  record Departure(String room, String socketId, String nickname, int count, boolean notice, long version) {
  }

  /** Called on every node, once per member a vanished node took with it. */
  void onDeparture(Handler<Departure> handler);
}
