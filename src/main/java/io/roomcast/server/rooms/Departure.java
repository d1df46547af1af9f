package io.roomcast.server.rooms;

/** A member a room lost because its node vanished: who, from where, and the count after. */
public record Departure(String room, String member, String nickname, int count) implements java.io.Serializable {
}
