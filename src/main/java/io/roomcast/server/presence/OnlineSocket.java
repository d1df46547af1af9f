package io.roomcast.server.presence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * What presence knows of one online socket: its nickname, the node it lives on and the public rooms
 * it is in (sorted). The value of the cluster's presence map, keyed by socket id; every write
 * replaces the whole entry, so a lost write is repaired by the socket's next one.
 */
public record OnlineSocket(String nickname, String node, List<String> rooms) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** An entry with {@code rooms} sorted and copied. */
  public static OnlineSocket of(String nickname, String node, Collection<String> rooms) {
    return new OnlineSocket(nickname, node, rooms.isEmpty() ? List.of() : List.copyOf(new TreeSet<>(rooms)));
  }

  /** The socket as a member of its rooms. */
  public Member member(String id) {
    return new Member(id, nickname, node);
  }

  /** {@code {id, nickname, node, rooms}} */
  public JsonObject toJson(String id) {
    return member(id).toJson().put("rooms", new JsonArray(rooms));
  }
}
