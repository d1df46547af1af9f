package io.roomcast.chat;

import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.List;

/**
 * The chat's view of who is in which room, everywhere: counts, listings, members and history.
 * Delivery goes through Socket.IO rooms; this registry is for what must be the same on every
 * node. Completed futures mean the change is visible to every node.
 */
public interface RoomRegistry {

  /** What a join returns: the member count after it, and the room's recent history (oldest first). */
  record Joined(int count, List<ChatMessage> history) {
  }

  /** Adds a member (socket id, with its nickname) to a room. */
  Future<Joined> join(String room, String socketId, String nickname);

  /** Removes a member; completes with the count after it (0 once the room is gone). */
  Future<Integer> leave(String room, String socketId);

  /** Changes a member's nickname in every room it is in. */
  Future<Void> rename(String socketId, String nickname);

  /** The nicknames of a room's members, sorted. */
  Future<List<String>> members(String room);

  /** Keeps a message in the room's history (the most recent ones only), on every node; never waits for them. */
  Future<Void> append(String room, ChatMessage message);

  /** The public rooms with their counts, sorted by name. */
  Future<List<RoomCount>> rooms();

  /** Called with the new room list whenever a room appears, disappears or changes count. */
  void onChange(Handler<List<RoomCount>> handler);

  /** A member that left a room without saying so (its node vanished), and the count after. */
  record Departure(String room, String nickname, int count) {
  }

  /** Called on every node, once per member a vanished node took with it. */
  void onDeparture(Handler<Departure> handler);
}
