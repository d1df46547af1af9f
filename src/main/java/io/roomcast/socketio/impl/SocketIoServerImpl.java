package io.roomcast.socketio.impl;

import io.roomcast.engineio.EngineServer;
import io.roomcast.socketio.DisconnectReason;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.SocketIoOptions;
import io.roomcast.socketio.SocketIoServer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The namespaces of one server instance, and the entry point for new connections. */
public final class SocketIoServerImpl implements SocketIoServer {

  private record Matcher(Predicate<String> names, Handler<Namespace> setup) {
  }

  private final Vertx vertx;
  private final SocketIoOptions options;
  private final Map<String, NamespaceImpl> namespaces = new HashMap<>();
  private final List<Matcher> matchers = new ArrayList<>(0);

  public SocketIoServerImpl(Vertx vertx, SocketIoOptions options) {
    this.vertx = vertx;
    this.options = options;
    of("/");
  }

  Vertx vertx() {
    return vertx;
  }

  SocketIoOptions options() {
    return options;
  }

  @Override
  public SocketIoServer attach(EngineServer engine) {
    engine.connectionHandler(session -> new Client(this, session));
    return this;
  }

  @Override
  public Namespace of(String name) {
    String normalized = name.startsWith("/") ? name : "/" + name;
    return namespaces.computeIfAbsent(normalized, n -> new NamespaceImpl(n, this));
  }

  @Override
  public SocketIoServer ofMatching(Predicate<String> names, Handler<Namespace> setup) {
    matchers.add(new Matcher(names, setup));
    return this;
  }

  /** The namespace a client asks for: an existing one, or a new one a matcher accepts; null if none. */
  NamespaceImpl namespaceFor(String name) {
    NamespaceImpl existing = namespaces.get(name);
    if (existing != null) {
      return existing;
    }
    for (Matcher matcher : matchers) {
      if (matcher.names().test(name)) {
        NamespaceImpl created = (NamespaceImpl) of(name);
        matcher.setup().handle(created);
        return created;
      }
    }
    return null;
  }

  @Override
  public Future<Void> close() {
    for (NamespaceImpl namespace : List.copyOf(namespaces.values())) {
      namespace.closeAll(DisconnectReason.SERVER_SHUTTING_DOWN);
    }
    List<Future<Void>> closing = new ArrayList<>();
    for (NamespaceImpl namespace : namespaces.values()) {
      closing.add(namespace.adapter().close());
    }
    return Future.all(closing).mapEmpty();
  }
}
