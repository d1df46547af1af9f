package io.roomcast.server.rooms;

/**
 * A member a room lost because its node vanished: who, from where, the count after, whether a
 * member still in the room has the same nickname (then nobody is told it left), and the room's
 * version after it.
 */
public record Departure(String room, String member, String nickname, int count, boolean nicknameShared, long version)
  implements java.io.Serializable {
}
