package io.roomcast.socketio.impl;

import io.roomcast.adapter.Adapter;
import io.roomcast.adapter.BroadcastOptions;
import io.roomcast.adapter.LocalSockets;
import io.roomcast.adapter.SocketDetails;
import io.roomcast.engineio.SharedMessage;
import io.roomcast.socketio.Ack;
import io.roomcast.socketio.BroadcastOperator;
import io.roomcast.socketio.ConnectionRefused;
import io.roomcast.socketio.EventHandler;
import io.roomcast.socketio.Handshake;
import io.roomcast.socketio.Middleware;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.protocol.EncodedPacket;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** A namespace of one server instance: its middleware, handlers, local sockets and adapter. */
final class NamespaceImpl implements Namespace, LocalSockets {

  private final String name;
  private final SocketIoServerImpl server;
  private final Adapter adapter;
  private final Map<String, SocketImpl> sockets = new LinkedHashMap<>();
  private final List<Middleware> middlewares = new ArrayList<>(0);
  private final List<Handler<Socket>> connectionHandlers = new ArrayList<>(1);
  private final BroadcastOperator all;
  private final Map<String, List<EventHandler>> serverSideHandlers = new HashMap<>();

  NamespaceImpl(String name, SocketIoServerImpl server) {
    this.name = name;
    this.server = server;
    this.adapter = server.options().getAdapterFactory().create(name, this);
    this.all = new BroadcastOperator(server.vertx(), name, adapter, BroadcastOptions.ALL);
  }

  Vertx vertx() {
    return server.vertx();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Namespace onConnection(Handler<Socket> handler) {
    connectionHandlers.add(handler);
    return this;
  }

  @Override
  public Namespace use(Middleware middleware) {
    middlewares.add(middleware);
    return this;
  }

  @Override
  public Map<String, Socket> sockets() {
    return Collections.unmodifiableMap(sockets);
  }

  @Override
  public Adapter adapter() {
    return adapter;
  }

  @Override
  public BroadcastOperator broadcast() {
    return all;
  }

  @Override
  public void serverSideEmit(String event, Object... args) {
    adapter.serverSideEmit(Events.arguments(event, args));
  }

  @Override
  public Future<JsonArray> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
    return adapter.serverSideEmitWithAck(Events.arguments(event, args), timeout).map(answers -> {
      JsonArray firsts = new JsonArray();
      for (Object answer : answers) {
        JsonArray values = (JsonArray) answer;
        firsts.add(values.isEmpty() ? null : values.getValue(0));
      }
      return firsts;
    });
  }

  @Override
  public Namespace onServerSideEmit(String event, EventHandler handler) {
    serverSideHandlers.computeIfAbsent(event, e -> new ArrayList<>(1)).add(handler);
    return this;
  }

  @Override
  public void serverSideEvent(JsonArray event, Consumer<JsonArray> reply) {
    String name = String.valueOf(event.getValue(0));
    JsonArray args = new JsonArray(new ArrayList<>(event.getList().subList(1, event.size())));
    List<EventHandler> handlers = serverSideHandlers.getOrDefault(name, List.of());
    boolean[] answered = {false};
    Ack ack = new Ack() {
      @Override
      public void send(Object... values) {
        if (!answered[0]) {
          answered[0] = true;
          reply.accept(Events.values(values));
        }
      }

      @Override
      public boolean requested() {
        return true;
      }
    };
    for (EventHandler handler : List.copyOf(handlers)) {
      handler.handle(args, ack);
    }
  }

  /** Runs the middleware for a new socket; completes with it once it may join. */
  Future<SocketImpl> connect(Client client, JsonObject auth) {
    var engine = client.engine();
    Handshake handshake = new Handshake(engine.handshakeHeaders(), engine.handshakeQuery(), engine.remoteAddress(),
      System.currentTimeMillis(), auth);
    SocketImpl socket = new SocketImpl(Ids.next(), this, client, handshake);
    Future<Void> chain = Future.succeededFuture();
    for (Middleware middleware : middlewares) {
      chain = chain.compose(v -> middleware.apply(socket));
    }
    return chain.map(v -> {
      sockets.put(socket.id(), socket);
      adapter.addAll(socket.id(), Set.of(socket.id()));
      return socket;
    });
  }

  /** The socket's CONNECT went out: the application's handlers take over. */
  void connected(SocketImpl socket) {
    for (Handler<Socket> handler : List.copyOf(connectionHandlers)) {
      if (!socket.connected()) {
        return;
      }
      handler.handle(socket);
    }
  }

  void remove(SocketImpl socket) {
    adapter.delAll(socket.id());
    sockets.remove(socket.id(), socket);
  }

  /** The CONNECT_ERROR payload for a refusal: {@code {"message": ..., "data": ...}}. */
  static JsonObject connectError(Throwable cause) {
    JsonObject error = new JsonObject().put("message", cause.getMessage() == null ? "Connection refused" : cause.getMessage());
    if (cause instanceof ConnectionRefused refused && refused.data() != null) {
      error.put("data", refused.data());
    }
    return error;
  }

  // ---- LocalSockets, for the adapter ------------------------------------------------------

  /** The text part is encoded for the wire once, whatever the number of recipients. */
  @Override
  public void write(Collection<String> socketIds, EncodedPacket packet, boolean isVolatile) {
    SharedMessage text = SharedMessage.of(packet.text());
    try {
      for (String socketId : socketIds) {
        SocketImpl socket = sockets.get(socketId);
        if (socket != null) {
          socket.client().write(text, packet, isVolatile);
        }
      }
    } finally {
      text.release();
    }
  }

  @Override
  public void writeWithAck(String socketId, EncodedPacket packet, long ackId, long timeoutMs, Consumer<JsonArray> onAck) {
    SocketImpl socket = sockets.get(socketId);
    if (socket != null) {
      socket.expectAck(ackId, timeoutMs, onAck);
      socket.client().write(packet, false);
    }
  }

  @Override
  public SocketDetails details(String socketId) {
    SocketImpl socket = sockets.get(socketId);
    return socket == null ? null
      : new SocketDetails(socket.id(), socket.rooms(), socket.data().copy(), socket.handshake().toJson());
  }

  @Override
  public void disconnect(String socketId, boolean close) {
    SocketImpl socket = sockets.get(socketId);
    if (socket != null) {
      socket.disconnect(close);
    }
  }

  /** Disconnects every socket with {@code reason}, without telling the clients (the server goes away). */
  void closeAll(String reason) {
    for (SocketImpl socket : List.copyOf(sockets.values())) {
      socket.onClose(reason);
      socket.client().engine().close();
    }
  }
}
