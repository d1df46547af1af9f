package io.roomcast.server.presence;

import io.vertx.core.json.JsonObject;

import java.util.Comparator;

/** An online socket as the member of a room: its id, nickname and node. */
public record Member(String id, String nickname, String node) {

  /** By nickname, ignoring case, as {@code room_members} lists them; then by id, so equal nicknames keep one order. */
  public static final Comparator<Member> BY_NICKNAME = Comparator.comparing(Member::nickname, String.CASE_INSENSITIVE_ORDER)
    .thenComparing(Member::id);

  /** {@code {id, nickname, node}} */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("nickname", nickname).put("node", node);
  }
}
