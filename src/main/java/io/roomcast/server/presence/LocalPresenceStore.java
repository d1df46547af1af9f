package io.roomcast.server.presence;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** The presence store of a node that is not clustered: a map in memory, its listener called at once. */
public final class LocalPresenceStore implements PresenceStore {

  private final Map<String, OnlineSocket> sockets = new HashMap<>();
  private final Listener listener;

  public LocalPresenceStore(Listener listener) {
    this.listener = listener;
  }

  @Override
  public Map<String, OnlineSocket> existing() {
    return Map.of();
  }

  @Override
  public Future<Map<String, OnlineSocket>> snapshot() {
    return Future.succeededFuture(Map.copyOf(sockets));
  }

  @Override
  public Future<Void> put(String socket, OnlineSocket entry) {
    OnlineSocket before = sockets.put(socket, entry);
    listener.changed(socket, before, entry);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> remove(String socket) {
    OnlineSocket before = sockets.remove(socket);
    if (before != null) {
      listener.changed(socket, before, null);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> purgeNode(String node) {
    for (Iterator<Map.Entry<String, OnlineSocket>> it = sockets.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, OnlineSocket> entry = it.next();
      if (entry.getValue().node().equals(node)) {
        it.remove();
        listener.changed(entry.getKey(), entry.getValue(), null);
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
