package io.roomcast.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent messages of each room, as one server delivered them: every message passes through
 * every server, which adds it here in the same step as it writes it to its own sockets in the
 * room. So for a socket that joins the room, this server's history at that moment holds every
 * message it will not receive live, and none that it will: the {@code enter_room} rule (README).
 * Keeps the last {@code size} messages per room; lives on one context.
 */
final class RoomHistory {

  private final int size;
  private final Map<String, Deque<ChatMessage>> rooms = new HashMap<>();

  RoomHistory(int size) {
    this.size = size;
  }

  /** A message as delivered here. */
  void add(String room, ChatMessage message) {
    Deque<ChatMessage> recent = rooms.computeIfAbsent(room, r -> new ArrayDeque<>());
    recent.addLast(message);
    if (recent.size() > size) {
      recent.removeFirst();
    }
  }

  /** The room's messages, oldest first. */
  List<ChatMessage> of(String room) {
    Deque<ChatMessage> recent = rooms.get(room);
    return recent == null ? List.of() : List.copyOf(recent);
  }

  /** A room that is gone takes its history with it. */
  void forget(String room) {
    rooms.remove(room);
  }

  /** Every room's messages, {@code {room: [message, ...]}}, for a server that starts or comes back. */
  JsonObject toJson() {
    JsonObject all = new JsonObject();
    rooms.forEach((room, recent) -> {
      JsonArray messages = new JsonArray();
      recent.forEach(message -> messages.add(message.toJson()));
      all.put(room, messages);
    });
    return all;
  }

  /**
   * Takes in another server's history (from {@link #toJson()}): messages this one lacks join
   * their room's, without duplicates (by id), in time order; the last {@code size} stay.
   */
  void merge(JsonObject other) {
    other.forEach(entry -> {
      Map<String, ChatMessage> byId = new LinkedHashMap<>();
      for (Object item : (JsonArray) entry.getValue()) {
        ChatMessage message = ChatMessage.fromJson((JsonObject) item);
        byId.put(message.id(), message);
      }
      for (ChatMessage mine : rooms.getOrDefault(entry.getKey(), new ArrayDeque<>())) {
        byId.put(mine.id(), mine);
      }
      List<ChatMessage> merged = new ArrayList<>(byId.values());
      merged.sort(Comparator.comparingLong(ChatMessage::time));
      Deque<ChatMessage> recent = new ArrayDeque<>(merged.subList(Math.max(0, merged.size() - size), merged.size()));
      rooms.put(entry.getKey(), recent);
    });
  }
}
