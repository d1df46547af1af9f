package io.roomcast.chat;

import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.Socket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The public rooms with their counts, as this server keeps them from the registry's changes, and
 * {@code room_change} to its sockets: the whole sorted list, on connect and after changes, at most
 * once per window. The window is {@value #COALESCE_MS} ms, longer with many sockets or a long list,
 * so that one server sends at most {@value #FRAMES_PER_SECOND} room lists and
 * {@value #BYTES_PER_SECOND} bytes of them a second: in a mass join every join changes a count,
 * and sending every change to every socket costs sockets × joins frames. Each change costs O(1)
 * here; the list is made once per window. Lives on the namespace's context.
 */
final class RoomList {

  /** Changes within this window reach the clients as one {@code room_change}. */
  static final long COALESCE_MS = 50;
  /** At most this many {@code room_change} frames a second from one server (so every sockets / this seconds). */
  static final long FRAMES_PER_SECOND = 2_500;
  /** Likewise, at most this many bytes of room lists a second from one server. */
  static final long BYTES_PER_SECOND = 5_000_000;

  private final Vertx vertx;
  private final Namespace namespace;
  private final RoomRegistry registry;
  private final Consumer<String> onGone;
  private final SortedMap<String, Integer> rooms = new TreeMap<>();
  /** Rooms changed before the first full list arrived (null once it did): the older list must not overwrite them. */
  private Set<String> changedBeforeLoad = new HashSet<>();
  /** The list as sent, made when first needed after a change; emitting encodes it at once, so every emit can share it. */
  private JsonArray json;
  /** The list's length as JSON, roughly, for the budget. */
  private long bytes = 2;
  private long timer = -1;
  /** When the last {@code room_change} went out (System.nanoTime()). */
  private long lastSent = System.nanoTime() - 3_600_000_000_000L;

  /** {@code onGone} hears of each room that disappeared. */
  RoomList(Vertx vertx, Namespace namespace, RoomRegistry registry, Consumer<String> onGone) {
    this.vertx = vertx;
    this.namespace = namespace;
    this.registry = registry;
    this.onGone = onGone;
  }

  /** Follows the registry's changes, then reads the whole list. */
  void start() {
    registry.onChange(this::changed);
    load();
  }

  /** The list to a socket that just connected: the current one, or, before it is known, once it is. */
  void sendTo(Socket socket) {
    if (changedBeforeLoad == null) {
      socket.emit("room_change", json());
    } else {
      registry.rooms().onSuccess(list -> socket.emit("room_change", toJson(list)));
    }
  }

  private void load() {
    registry.rooms().onSuccess(list -> {
      Set<String> skip = changedBeforeLoad == null ? Set.of() : changedBeforeLoad;
      Set<String> listed = new HashSet<>();
      list.forEach(room -> {
        listed.add(room.name());
        if (!skip.contains(room.name())) {
          rooms.put(room.name(), room.count());
        }
      });
      for (String name : Set.copyOf(rooms.keySet())) {
        if (!listed.contains(name) && !skip.contains(name)) {
          rooms.remove(name);
          onGone.accept(name);
        }
      }
      changedBeforeLoad = null;
      schedule();
    });
  }

  private void changed(RoomCount change) {
    if (change == null) {
      load();
      return;
    }
    if (changedBeforeLoad != null) {
      changedBeforeLoad.add(change.name());
    }
    if (change.count() > 0) {
      rooms.put(change.name(), change.count());
    } else if (rooms.remove(change.name()) != null) {
      onGone.accept(change.name());
    }
    schedule();
  }

  private void schedule() {
    json = null;
    if (timer != -1) {
      return;
    }
    long sinceLast = (System.nanoTime() - lastSent) / 1_000_000;
    timer = vertx.setTimer(Math.max(COALESCE_MS, windowMs() - sinceLast), t -> {
      timer = -1;
      lastSent = System.nanoTime();
      namespace.broadcast().local().emit("room_change", json());
    });
  }

  /** The shortest time between two {@code room_change}s of this server, for its sockets and list now. */
  private long windowMs() {
    long sockets = namespace.sockets().size();
    return Math.max(1_000 * sockets / FRAMES_PER_SECOND, 1_000 * sockets * bytes / BYTES_PER_SECOND);
  }

  private JsonArray json() {
    if (json == null) {
      json = new JsonArray();
      long length = 2;
      for (Map.Entry<String, Integer> room : rooms.entrySet()) {
        json.add(new RoomCount(room.getKey(), room.getValue()).toJson());
        length += room.getKey().length() + 24;
      }
      bytes = length;
    }
    return json;
  }

  private static JsonArray toJson(java.util.List<RoomCount> list) {
    JsonArray array = new JsonArray();
    list.forEach(room -> array.add(room.toJson()));
    return array;
  }
}
