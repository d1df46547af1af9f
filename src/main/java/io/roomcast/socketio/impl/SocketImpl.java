package io.roomcast.socketio.impl;

import io.roomcast.socketio.Ack;
import io.roomcast.socketio.AnyEventHandler;
import io.roomcast.socketio.BroadcastOperator;
import io.roomcast.socketio.DisconnectReason;
import io.roomcast.socketio.Emitter;
import io.roomcast.socketio.EventHandler;
import io.roomcast.socketio.Handshake;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.PacketMiddleware;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketEncoder;
import io.roomcast.socketio.protocol.PacketType;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** A client's membership of one namespace. Lives on its connection's context. */
final class SocketImpl implements Socket {

  private final String id;
  private final NamespaceImpl namespace;
  private final Client client;
  private final Handshake handshake;
  private final JsonObject data = new JsonObject();
  private boolean connected = true;

  private final Map<String, List<EventHandler>> handlers = new HashMap<>();
  private final List<AnyEventHandler> anyHandlers = new ArrayList<>(0);
  private final List<PacketMiddleware> middlewares = new ArrayList<>(0);
  private final List<Handler<String>> disconnectingHandlers = new ArrayList<>(1);
  private final List<Handler<String>> disconnectHandlers = new ArrayList<>(1);
  private Handler<Throwable> errorHandler = e -> { };

  private final Map<Long, PendingAck> acks = new HashMap<>();
  private long nextAckId;

  private record PendingAck(Promise<JsonArray> promise, long timer) {
  }

  SocketImpl(String id, NamespaceImpl namespace, Client client, Handshake handshake) {
    this.id = id;
    this.namespace = namespace;
    this.client = client;
    this.handshake = handshake;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Namespace namespace() {
    return namespace;
  }

  @Override
  public Handshake handshake() {
    return handshake;
  }

  @Override
  public JsonObject data() {
    return data;
  }

  @Override
  public boolean connected() {
    return connected;
  }

  @Override
  public String transport() {
    return client.engine().transport();
  }

  Client client() {
    return client;
  }

  @Override
  public Set<String> rooms() {
    return namespace.adapter().socketRooms(id);
  }

  @Override
  public Socket on(String event, EventHandler handler) {
    handlers.computeIfAbsent(event, e -> new ArrayList<>(1)).add(handler);
    return this;
  }

  @Override
  public Socket onAny(AnyEventHandler handler) {
    anyHandlers.add(handler);
    return this;
  }

  @Override
  public Socket use(PacketMiddleware middleware) {
    middlewares.add(middleware);
    return this;
  }

  @Override
  public Socket onDisconnecting(Handler<String> handler) {
    disconnectingHandlers.add(handler);
    return this;
  }

  @Override
  public Socket onDisconnect(Handler<String> handler) {
    disconnectHandlers.add(handler);
    return this;
  }

  @Override
  public Socket onError(Handler<Throwable> handler) {
    this.errorHandler = handler;
    return this;
  }

  // ---- emitting ---------------------------------------------------------------------------

  @Override
  public void emit(String event, Object... args) {
    send(event, args, false);
  }

  @Override
  public Future<JsonArray> emitWithAck(String event, Object... args) {
    return sendWithAck(event, args, null);
  }

  @Override
  public Emitter timeout(Duration timeout) {
    return new Emitter() {
      @Override
      public void emit(String event, Object... args) {
        send(event, args, false);
      }

      @Override
      public Future<JsonArray> emitWithAck(String event, Object... args) {
        return sendWithAck(event, args, timeout);
      }
    };
  }

  @Override
  public Emitter asVolatile() {
    return new Emitter() {
      @Override
      public void emit(String event, Object... args) {
        send(event, args, true);
      }

      @Override
      public Future<JsonArray> emitWithAck(String event, Object... args) {
        return sendWithAck(event, args, null);
      }
    };
  }

  private void send(String event, Object[] args, boolean isVolatile) {
    JsonArray payload = Events.arguments(event, args);
    if (connected) {
      client.write(PacketEncoder.encode(Packet.event(namespace.name(), payload)), isVolatile);
    }
  }

  private Future<JsonArray> sendWithAck(String event, Object[] args, Duration timeout) {
    JsonArray payload = Events.arguments(event, args);
    if (!connected) {
      return Future.failedFuture(new IllegalStateException("socket " + id + " is disconnected"));
    }
    long ackId = nextAckId++;
    Promise<JsonArray> promise = Promise.promise();
    long timer = timeout == null ? -1 : namespace.vertx().setTimer(Math.max(1, timeout.toMillis()), t -> {
      if (acks.remove(ackId) != null) {
        promise.tryFail(new TimeoutException("no acknowledgement within " + timeout.toMillis() + " ms"));
      }
    });
    acks.put(ackId, new PendingAck(promise, timer));
    client.write(PacketEncoder.encode(Packet.event(namespace.name(), payload, ackId)), false);
    return promise.future();
  }

  /** Waits for the client's answer to a broadcast that asked for acks; forgets it after the timeout. */
  void expectAck(long ackId, long timeoutMs, java.util.function.Consumer<JsonArray> onAck) {
    Promise<JsonArray> promise = Promise.promise();
    long timer = namespace.vertx().setTimer(Math.max(1, timeoutMs), t -> acks.remove(ackId));
    acks.put(ackId, new PendingAck(promise, timer));
    promise.future().onSuccess(onAck::accept);
  }

  // ---- rooms and broadcasts ---------------------------------------------------------------

  @Override
  public void join(String... rooms) {
    if (connected) {
      namespace.adapter().addAll(id, Set.of(rooms));
    }
  }

  @Override
  public void leave(String room) {
    namespace.adapter().del(id, room);
  }

  @Override
  public BroadcastOperator to(String... rooms) {
    return broadcast().to(rooms);
  }

  @Override
  public BroadcastOperator broadcast() {
    return namespace.broadcast().except(id);
  }

  @Override
  public BroadcastOperator except(String... rooms) {
    return broadcast().except(rooms);
  }

  // ---- incoming ---------------------------------------------------------------------------

  void onPacket(Packet packet) {
    switch (packet.type()) {
      case EVENT -> onEvent(packet);
      case ACK -> onAck(packet);
      case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
      default -> {
        // CONNECT and CONNECT_ERROR never reach a connected socket (the client filters them)
      }
    }
  }

  private void onEvent(Packet packet) {
    JsonArray event = packet.args();
    if (middlewares.isEmpty()) {
      dispatch(event, packet.id());
      return;
    }
    Future<Void> chain = Future.succeededFuture();
    for (PacketMiddleware middleware : middlewares) {
      chain = chain.compose(v -> middleware.apply(event));
    }
    chain.onComplete(result -> {
      if (!connected) {
        return;
      }
      if (result.succeeded()) {
        dispatch(event, packet.id());
      } else {
        errorHandler.handle(result.cause());
      }
    });
  }

  private void dispatch(JsonArray event, long ackId) {
    String name = String.valueOf(event.getValue(0));
    JsonArray args = new JsonArray(new ArrayList<>(event.getList().subList(1, event.size())));
    for (AnyEventHandler any : List.copyOf(anyHandlers)) {
      any.handle(name, args);
    }
    List<EventHandler> forEvent = handlers.get(name);
    if (forEvent == null) {
      return;
    }
    Ack ack = ackId >= 0 ? new OnceAck(ackId) : Ack.NONE;
    for (EventHandler handler : List.copyOf(forEvent)) {
      handler.handle(args, ack);
    }
  }

  private void onAck(Packet packet) {
    PendingAck pending = acks.remove(packet.id());
    if (pending == null) {
      return; // late, duplicate or unknown: ignored
    }
    if (pending.timer() != -1) {
      namespace.vertx().cancelTimer(pending.timer());
    }
    pending.promise().tryComplete(packet.args());
  }

  /** Answers one client callback, once. */
  private final class OnceAck implements Ack {
    private final long ackId;
    private boolean sent;

    OnceAck(long ackId) {
      this.ackId = ackId;
    }

    @Override
    public void send(Object... args) {
      if (sent || !connected) {
        return;
      }
      sent = true;
      client.write(Packet.ack(namespace.name(), Events.values(args), ackId));
    }

    @Override
    public boolean requested() {
      return true;
    }
  }

  // ---- leaving ----------------------------------------------------------------------------

  @Override
  public void disconnect(boolean close) {
    if (!connected) {
      return;
    }
    if (close) {
      client.disconnectAll();
      return;
    }
    client.write(new Packet(PacketType.DISCONNECT, namespace.name(), null, Packet.NO_ID));
    onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
  }

  /** Leaves the namespace for good: handlers told, rooms left, pending acks failed. */
  void onClose(String reason) {
    if (!connected) {
      return;
    }
    for (Handler<String> handler : List.copyOf(disconnectingHandlers)) {
      handler.handle(reason);
    }
    connected = false;
    namespace.remove(this);
    client.remove(this);
    for (PendingAck pending : acks.values()) {
      if (pending.timer() != -1) {
        namespace.vertx().cancelTimer(pending.timer());
      }
      pending.promise().tryFail(new IllegalStateException("socket disconnected: " + reason));
    }
    acks.clear();
    for (Handler<String> handler : List.copyOf(disconnectHandlers)) {
      handler.handle(reason);
    }
  }
}
