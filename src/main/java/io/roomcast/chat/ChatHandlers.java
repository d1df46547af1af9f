package io.roomcast.chat;

import io.roomcast.socketio.Ack;
import io.roomcast.socketio.EventHandler;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.Socket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The chat of MISSION.md on one namespace: {@code nickname}, {@code enter_room},
 * {@code new_message}, {@code leave_room}, {@code room_members}; {@code welcome}, {@code bye},
 * {@code new_message} and {@code room_change} back. Uses only the Socket.IO API, a
 * {@link RoomRegistry} (rooms, counts, members) and a {@link Presence} (who is online, with
 * nickname and rooms).
 *
 * <p>Messages travel to the other servers with {@code serverSideEmit}; each server writes a
 * message to its own sockets in the room and adds it to its {@link RoomHistory} in one step, and
 * a socket joins a room and gets that server's history in one step, so it sees every message of
 * the room exactly once: in the history of its {@code enter_room} ack, or live after it.
 *
 * <pre>{@code
 * ChatHandlers.install(vertx, io.of("/"), registry, presence, ChatOptions.DEFAULTS);
 * }</pre>
 */
public final class ChatHandlers {

  /** Server-side event: a message for the others' sockets and history, {@code [room, message, sender socket id]}. */
  static final String MESSAGE_EVENT = "chat:message";
  /** Server-side event: a {@code welcome} or {@code bye} for the others' sockets, {@code [room, kind, nickname, count, version, subject socket id]}. */
  static final String NOTICE_EVENT = "chat:notice";
  /** Server-side event with ack: a server's history ({@link RoomHistory#toJson()}), for one that starts or comes back. */
  static final String HISTORY_EVENT = "chat:history";
  /** How long a server waits for the others' histories. */
  private static final Duration HISTORY_TIMEOUT = Duration.ofSeconds(3);

  private final Namespace namespace;
  private final RoomRegistry registry;
  private final Presence presence;
  private final ChatOptions options;
  private final Validation validation;
  private final RoomHistory history;
  private final RoomNotices notices = new RoomNotices();
  /** Message ids: this server's random prefix and a counter, unique in the cluster. */
  private final String idPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
  private long nextId;
  private final RoomList rooms;
  /** Leaves of disconnecting sockets still under way: a stopping gateway waits for them. */
  private final Set<Future<?>> leaving = new HashSet<>();

  private ChatHandlers(Vertx vertx, Namespace namespace, RoomRegistry registry, Presence presence, ChatOptions options) {
    this.namespace = namespace;
    this.registry = registry;
    this.presence = presence;
    this.options = options;
    this.validation = new Validation(options);
    this.history = new RoomHistory(options.historySize());
    this.rooms = new RoomList(vertx, namespace, registry, history::forget);
  }

  /** Installs the chat on {@code namespace}. Call on the namespace's context. */
  public static ChatHandlers install(Vertx vertx, Namespace namespace, RoomRegistry registry, Presence presence,
                                     ChatOptions options) {
    ChatHandlers chat = new ChatHandlers(vertx, namespace, registry, presence, options);
    chat.rooms.start();
    registry.onDeparture(chat::departed);
    namespace.onServerSideEmit(MESSAGE_EVENT, (args, ack) ->
      chat.deliver(args.getString(0), ChatMessage.fromJson(args.getJsonObject(1)), args.getString(2)));
    namespace.onServerSideEmit(NOTICE_EVENT, (args, ack) -> chat.notice(args.getString(0), args.getString(1), args.getString(2),
      args.getInteger(3), args.getLong(4), args.getString(5)));
    namespace.onServerSideEmit(HISTORY_EVENT, (args, ack) -> ack.send(chat.history.toJson()));
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

  /**
   * Takes in the other servers' histories: for a server that starts, or that was cut off from the
   * others for a while and missed their messages. Completes with how many servers answered (0 if
   * none is known yet, or one did not answer in time).
   */
  public Future<Integer> copyHistory() {
    return namespace.serverSideEmitWithAck(HISTORY_TIMEOUT, HISTORY_EVENT)
      .map(answers -> {
        answers.forEach(answer -> history.merge((JsonObject) answer));
        return answers.size();
      })
      .otherwise(0);
  }

  private void connected(Socket socket) {
    ChatSession session = new ChatSession(socket, options);
    socket.data().put("nickname", session.nickname);
    presence.online(socket.id(), session.nickname, session.rooms);
    socket.on("nickname", guarded(session, (args, ack) -> nickname(session, args, ack)));
    socket.on("enter_room", guarded(session, (args, ack) -> enterRoom(session, args, ack)));
    socket.on("new_message", guarded(session, (args, ack) -> newMessage(session, args, ack)));
    socket.on("leave_room", guarded(session, (args, ack) -> leaveRoom(session, args, ack)));
    socket.on("room_members", guarded(session, (args, ack) -> roomMembers(args, ack)));
    socket.onDisconnecting(reason -> disconnecting(session));
    rooms.sendTo(socket);
  }

  /**
   * Refuses events, with an error, over the socket's rate or while the registry is unavailable
   * (this server may be cut off from the cluster: a message would reach only part of the room,
   * and its sender must not be told it went out).
   */
  private EventHandler guarded(ChatSession session, EventHandler handler) {
    return (args, ack) -> {
      if (!registry.available()) {
        fail(ack, "server unavailable, try again");
      } else if (session.allowEvent()) {
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
        fail(ack, "could not rename, try again");
      }
    });
  }

  /**
   * Enters the socket into the room everywhere ({@code welcome} to the others once the registry has
   * it), then, in one step: into the room on this server, and the ack with this server's history of
   * the room. Every message this server delivered before that step is in the history; every later
   * one reaches the socket live, after the ack.
   */
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
    String nickname = session.nickname;
    String id = session.socket.id();
    Future<RoomRegistry.Change> joined = registry.join(room, id, nickname);
    Future<Void> shown = presence.update(id, nickname, session.rooms);
    // The room hears of it as soon as the registry has it: before any leave that follows (a
    // disconnect at once), which announces its bye from the leave's answer, and would otherwise
    // overtake this welcome (which then, being older, would be dropped everywhere).
    joined.onSuccess(change -> {
      if (change.notice()) {
        announce(room, "welcome", nickname, change, id);
      }
    });
    // The ack waits for both; the registry's answer decides (a failed presence write is repaired by the next).
    Future.join(joined, shown).onComplete(both -> {
      boolean stayed = session.socket.connected() && session.rooms.contains(room);
      if (joined.failed()) {
        if (stayed) {
          session.rooms.remove(room);
          presence.online(id, session.nickname, session.rooms);
          fail(ack, "could not enter room, try again");
        }
        return;
      }
      if (stayed) {
        session.socket.join(room);
        JsonArray recent = new JsonArray();
        history.of(room).forEach(message -> recent.add(message.toJson()));
        ack.send(ok().put("room", room).put("count", joined.result().count()).put("history", recent));
      }
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
    ChatMessage message = new ChatMessage(idPrefix + Long.toString(nextId++, 36), session.nickname, (String) text,
      System.currentTimeMillis());
    String sender = session.socket.id();
    deliver((String) room, message, sender);
    namespace.serverSideEmit(MESSAGE_EVENT, room, message.toJson(), sender);
    ack.send(ok().put("time", message.time()).put("id", message.id()));
  }

  /** A message, on this server: to its sockets in the room (not the sender) and into the room's history, in one step. */
  private void deliver(String room, ChatMessage message, String sender) {
    history.add(room, message);
    namespace.broadcast().local().to(room).except(sender)
      .emit("new_message", message.nickname() + ": " + message.text(), message.toJson().put("room", room));
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
    Future<RoomRegistry.Change> left = registry.leave(room, id);
    Future<Void> shown = presence.update(id, nickname, session.rooms);
    // As for a welcome: the bye as soon as the registry has it, so that no later change overtakes it.
    left.onSuccess(change -> {
      if (change.notice()) {
        announce(room, "bye", nickname, change, id);
      }
    });
    Future.join(left, shown).onComplete(both -> {
      if (left.failed()) {
        fail(ack, "could not leave room, try again");
        return;
      }
      ack.send(ok().put("room", room).put("count", left.result().count()));
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
        fail(ack, "could not list members, try again");
      }
    });
  }

  /**
   * The socket is going: offline, and a {@code bye} in each of its rooms with the count after it
   * left. Not while the registry is unavailable: the server is cut off and closing its sockets, and
   * removes all of them from the cluster's rooms and presence before it serves again.
   */
  private void disconnecting(ChatSession session) {
    if (!registry.available()) {
      session.rooms.clear();
      return;
    }
    String id = session.socket.id();
    presence.offline(id);
    String nickname = session.nickname;
    for (String room : List.copyOf(session.rooms)) {
      Future<RoomRegistry.Change> left = registry.leave(room, id).onSuccess(change -> {
        if (change.notice()) {
          announce(room, "bye", nickname, change, id);
        }
      });
      leaving.add(left);
      left.onComplete(done -> leaving.remove(left));
    }
    session.rooms.clear();
  }

  /** A member whose server vanished: every server hears of it, and tells its own sockets in the room. */
  private void departed(RoomRegistry.Departure departure) {
    if (departure.notice()) {
      notice(departure.room(), "bye", departure.nickname(), departure.count(), departure.version(), departure.socketId());
    }
  }

  /** A {@code welcome} or {@code bye} about {@code subject}: here, and on every other server. */
  private void announce(String room, String kind, String nickname, RoomRegistry.Change change, String subject) {
    notice(room, kind, nickname, change.count(), change.version(), subject);
    namespace.serverSideEmit(NOTICE_EVENT, room, kind, nickname, change.count(), change.version(), subject);
  }

  /** A notice, on this server: to its sockets in the room but the subject, unless a later one about the same person came first. */
  private void notice(String room, String kind, String nickname, int count, long version, String subject) {
    if (notices.fresh(room, nickname, version)) {
      namespace.broadcast().local().to(room).except(subject).emit(kind, nickname, count, room);
    }
  }

  /**
   * An argument as the client sent it. Not {@code args.getValue}: that turns binary into a base64
   * string, which would pass for text.
   */
  private static Object arg(JsonArray args, int index) {
    return index < args.size() ? args.getList().get(index) : null;
  }

  private static JsonObject ok() {
    return new JsonObject().put("ok", true);
  }

  private static void fail(Ack ack, String error) {
    ack.send(new JsonObject().put("ok", false).put("error", error));
  }
}
