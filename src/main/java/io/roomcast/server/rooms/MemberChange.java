package io.roomcast.server.rooms;

import java.io.Serializable;

/**
 * What a join or a leave did to a room: the member count after it, whether another member of the
 * room has the same nickname as the one that joined or left (the same person on another
 * connection: the room should not hear that they entered or left), and the room's version after
 * it (see {@link RoomMembers#changed()}).
 */
public record MemberChange(int count, boolean nicknameShared, long version) implements Serializable {
}
