package io.roomcast.server.presence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How one room's members changed: who joined and who left. A member that changed its nickname
 * leaves with the old one and joins with the new one in the same diff, so applying {@code left}
 * then {@code joined} (by id) to a member list keeps it current.
 */
public record RoomDiff(String room, List<Member> joined, List<Member> left) {

  /** {@code {room, joined: [{id, nickname, node}], left: [...]}} */
  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("joined", toJson(joined)).put("left", toJson(left));
  }

  private static JsonArray toJson(List<Member> members) {
    JsonArray array = new JsonArray();
    members.forEach(member -> array.add(member.toJson()));
    return array;
  }
}
