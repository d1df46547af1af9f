package io.roomcast.chat;

import io.roomcast.socketio.Ack;
import io.roomcast.socketio.EventHandler;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.Socket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The chat of MISSION.md on one namespace: {@code nickname}, {@code enter_room},
 * {@code new_message}, {@code leave_room}, {@code room_members}; {@code welcome}, {@code bye},
 * {@code new_message} and {@code room_change} back. Uses only the Socket.IO API, a
 * {@link RoomRegistry} (rooms, counts, members, history) and a {@link Presence} (who is online,
 * with nickname and rooms).
 *
 * <pre>{@code
 * ChatHandlers.install(vertx, io.of("/"), registry, presence, ChatOptions.DEFAULTS);
 * }</pre>
 */
public final class ChatHandlers {

  /** Room list changes within this window reach the clients as one {@code room_change}. */
  static final long ROOM_CHANGE_COALESCE_MS = 50;

  private final Vertx vertx;
  private final Namespace namespace;
  private final RoomRegistry registry;
  private final Presence presence;
  private final ChatOptions options;
  private final Validation validation;
  private List<RoomCount> latestRooms;
  /** {@link #latestRooms} as sent; emitting encodes it at once, so every emit can share it. */
  private JsonArray latestRoomsJson;
  /** Leaves of disconnecting sockets still under way: a stopping gateway waits for them. */
  private final java.util.Set<Future<?>> leaving = new java.util.HashSet<>();
  private long roomChangeTimer = -1;

  private ChatHandlers(Vertx vertx, Namespace namespace, RoomRegistry registry, Presence presence, ChatOptions options) {
    this.vertx = vertx;
    this.namespace = namespace;
    this.registry = registry;
    this.presence = presence;
    this.options = options;
    this.validation = new Validation(options);
  }

  /** Installs the chat on {@code namespace}. Call on the namespace's context. */
  public static ChatHandlers install(Vertx vertx, Namespace namespace, RoomRegistry registry, Presence presence,
                                     ChatOptions options) {
    ChatHandlers chat = new ChatHandlers(vertx, namespace, registry, presence, options);
    registry.onChange(chat::roomsChanged);
    // The room list a new socket gets: kept here from the change events, fetched once to start.
    registry.rooms().onSuccess(rooms -> {
      if (chat.latestRooms == null) {
        chat.latestRooms = rooms;
        chat.latestRoomsJson = toJson(rooms);
      }
    });
    registry.onDeparture(departure -> namespace.broadcast().local().to(departure.room())
      .emit("bye", departure.nickname(), departure.count(), departure.room()));
    namespace.onConnection(chat::connected);
    return chat;
  }

  /**
   * Completes when the rooms of every socket that disconnected so far have been left and their
   * {@code bye}s sent: a stopping server waits for it, so it removes its own members itself.
   */
  public Future<Void> drained() {
    return Future.join(List.copyOf(leaving)).<Void>mapEmpty().recover(failure -> Future.succeededFuture());
  }

  private void connected(Socket socket) {
    ChatSession session = new ChatSession(socket, options);
    socket.data().put("nickname", session.nickname);
    presence.online(socket.id(), session.nickname, session.rooms);
    socket.on("nickname", limited(session, (args, ack) -> nickname(session, args, ack)));
    socket.on("enter_room", limited(session, (args, ack) -> enterRoom(session, args, ack)));
    socket.on("new_message", limited(session, (args, ack) -> newMessage(session, args, ack)));
    socket.on("leave_room", limited(session, (args, ack) -> leaveRoom(session, args, ack)));
    socket.on("room_members", limited(session, (args, ack) -> roomMembers(args, ack)));
    socket.onDisconnecting(reason -> disconnecting(session));
    if (latestRoomsJson != null) {
      socket.emit("room_change", latestRoomsJson);
    } else {
      registry.rooms().onSuccess(rooms -> socket.emit("room_change", toJson(rooms)));
    }
  }

  /** Drops events over the socket's rate, answering them with an error. */
  private static EventHandler limited(ChatSession session, EventHandler handler) {
    return (args, ack) -> {
      if (session.allowEvent()) {
        handler.handle(args, ack);
      } else {
        fail(ack, "too many events, slow down");
      }
    };
  }

  private void nickname(ChatSession session, JsonArray args, Ack ack) {
    Object value = arg(args, 0);
    String error = validation.nickname(value);
    if (error != null) {
      fail(ack, error);
      return;
    }
    String nickname = ((String) value).strip();
    session.nickname = nickname;
    session.socket.data().put("nickname", nickname);
    String id = session.socket.id();
    Future<Void> renamed;
    if (session.rooms.isEmpty()) {
      // In no room, the rename changes no room's members: the ack waits for no cluster write (one
      // held up by a frozen member would hold it up too).
      presence.online(id, nickname, session.rooms);
      renamed = Future.succeededFuture();
    } else {
      renamed = Future.all(registry.rename(id, nickname), presence.update(id, nickname, session.rooms)).mapEmpty();
    }
    renamed.onComplete(done -> {
      if (done.succeeded()) {
        ack.send(ok().put("nickname", nickname));
      } else {
        fail(ack, "could not rename: " + done.cause().getMessage());
      }
    });
  }

  private void enterRoom(ChatSession session, JsonArray args, Ack ack) {
    Object value = arg(args, 0);
    String error = validation.room(value);
    if (error != null) {
      fail(ack, error);
      return;
    }
    String room = (String) value;
    if (session.rooms.contains(room)) {
      fail(ack, "already in room " + room);
      return;
    }
    if (session.rooms.size() >= options.roomsPerSocket()) {
      fail(ack, "at most " + options.roomsPerSocket() + " rooms per connection");
      return;
    }
    session.rooms.add(room);
    session.socket.join(room);
    String nickname = session.nickname;
    String id = session.socket.id();
    Future<RoomRegistry.Joined> joined = registry.join(room, id, nickname);
    Future<Void> shown = presence.update(id, nickname, session.rooms);
    // The ack waits for both; the registry's answer decides (a failed presence write is repaired by the next).
    Future.join(joined, shown).onComplete(both -> {
      if (joined.failed()) {
        session.rooms.remove(room);
        session.socket.leave(room);
        presence.online(id, session.nickname, session.rooms);
        fail(ack, "could not enter room: " + joined.cause().getMessage());
        return;
      }
      int count = joined.result().count();
      JsonArray history = new JsonArray();
      joined.result().history().forEach(message -> history.add(message.toJson()));
      ack.send(ok().put("room", room).put("count", count).put("history", history));
      session.socket.to(room).emit("welcome", nickname, count, room);
    });
  }

  private void newMessage(ChatSession session, JsonArray args, Ack ack) {
    Object text = arg(args, 0);
    Object room = arg(args, 1);
    String error = validation.message(text);
    if (error == null) {
      error = validation.room(room);
    }
    if (error == null && !session.rooms.contains(room)) {
      error = "not in room " + room;
    }
    if (error != null) {
      fail(ack, error);
      return;
    }
    ChatMessage message = new ChatMessage(session.nickname, (String) text, System.currentTimeMillis());
    session.socket.to((String) room).emit("new_message", message.nickname() + ": " + message.text(),
      message.toJson().put("room", room));
    registry.append((String) room, message);
    ack.send(ok().put("time", message.time()));
  }

  private void leaveRoom(ChatSession session, JsonArray args, Ack ack) {
    Object value = arg(args, 0);
    String error = validation.room(value);
    if (error == null && !session.rooms.contains(value)) {
      error = "not in room " + value;
    }
    if (error != null) {
      fail(ack, error);
      return;
    }
    String room = (String) value;
    session.rooms.remove(room);
    session.socket.leave(room);
    String nickname = session.nickname;
    String id = session.socket.id();
    Future<Integer> left = registry.leave(room, id);
    Future<Void> shown = presence.update(id, nickname, session.rooms);
    Future.join(left, shown).onComplete(both -> {
      if (left.failed()) {
        fail(ack, "could not leave room: " + left.cause().getMessage());
        return;
      }
      ack.send(ok().put("room", room).put("count", left.result()));
      namespace.to(room).emit("bye", nickname, left.result(), room);
    });
  }

  private void roomMembers(JsonArray args, Ack ack) {
    Object value = arg(args, 0);
    String error = validation.room(value);
    if (error != null) {
      fail(ack, error);
      return;
    }
    registry.members((String) value).onComplete(members -> {
      if (members.succeeded()) {
        ack.send(ok().put("room", value).put("members", new JsonArray(List.copyOf(members.result()))));
      } else {
        fail(ack, "could not list members: " + members.cause().getMessage());
      }
    });
  }

  /** The socket is going: offline, and a {@code bye} in each of its rooms with the count after it left. */
  private void disconnecting(ChatSession session) {
    presence.offline(session.socket.id());
    String nickname = session.nickname;
    for (String room : List.copyOf(session.rooms)) {
      Future<Integer> left = registry.leave(room, session.socket.id())
        .onSuccess(count -> namespace.to(room).emit("bye", nickname, count, room));
      leaving.add(left);
      left.onComplete(done -> leaving.remove(left));
    }
    session.rooms.clear();
  }

  /** Every node hears of every change; each tells its own sockets, once per short window. */
  private void roomsChanged(List<RoomCount> rooms) {
    latestRooms = rooms;
    latestRoomsJson = toJson(rooms);
    if (roomChangeTimer == -1) {
      roomChangeTimer = vertx.setTimer(ROOM_CHANGE_COALESCE_MS, t -> {
        roomChangeTimer = -1;
        namespace.broadcast().local().emit("room_change", latestRoomsJson);
      });
    }
  }

  /**
   * An argument as the client sent it. Not {@code args.getValue}: that turns binary into a base64
   * string, which would pass for text.
   */
  private static Object arg(JsonArray args, int index) {
    return index < args.size() ? args.getList().get(index) : null;
  }

  private static JsonArray toJson(List<RoomCount> rooms) {
    JsonArray list = new JsonArray();
    rooms.forEach(room -> list.add(room.toJson()));
    return list;
  }

  private static JsonObject ok() {
    return new JsonObject().put("ok", true);
  }

  private static void fail(Ack ack, String error) {
    ack.send(new JsonObject().put("ok", false).put("error", error));
  }
}
