package io.roomcast.adapter;

import io.roomcast.socketio.protocol.EncodedPacket;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory adapter: rooms → socket ids and socket ids → rooms for the sockets of this node.
 * The reference implementation of {@link Adapter}; a cluster adapter builds on it for local delivery.
 */
public class LocalAdapter implements Adapter {

  private final String namespace;
  protected final LocalSockets sockets;
  private final Map<String, Set<String>> rooms = new HashMap<>();
  private final Map<String, Set<String>> socketRooms = new HashMap<>();

  public LocalAdapter(String namespace, LocalSockets sockets) {
    this.namespace = namespace;
    this.sockets = sockets;
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public void addAll(String socketId, Set<String> toJoin) {
    Set<String> joined = socketRooms.computeIfAbsent(socketId, id -> new LinkedHashSet<>());
    for (String room : toJoin) {
      if (joined.add(room)) {
        rooms.computeIfAbsent(room, r -> new LinkedHashSet<>()).add(socketId);
      }
    }
  }

  @Override
  public void del(String socketId, String room) {
    Set<String> joined = socketRooms.get(socketId);
    if (joined != null && joined.remove(room)) {
      removeFromRoom(room, socketId);
    }
  }

  @Override
  public void delAll(String socketId) {
    Set<String> joined = socketRooms.remove(socketId);
    if (joined != null) {
      for (String room : joined) {
        removeFromRoom(room, socketId);
      }
    }
  }

  private void removeFromRoom(String room, String socketId) {
    Set<String> members = rooms.get(room);
    if (members != null) {
      members.remove(socketId);
      if (members.isEmpty()) {
        rooms.remove(room);
      }
    }
  }

  @Override
  public Set<String> socketRooms(String socketId) {
    Set<String> joined = socketRooms.get(socketId);
    return joined == null ? Set.of() : Set.copyOf(joined);
  }

  @Override
  public Map<String, Integer> roomSizes() {
    Map<String, Integer> sizes = new HashMap<>();
    rooms.forEach((room, members) -> sizes.put(room, members.size()));
    return sizes;
  }

  @Override
  public Set<String> sockets(BroadcastOptions options) {
    Set<String> selected = new LinkedHashSet<>();
    forEachSelected(options, selected::add);
    return selected;
  }

  /** Calls {@code action} once per selected local socket, without building an intermediate set when it can. */
  protected void forEachSelected(BroadcastOptions options, java.util.function.Consumer<String> action) {
    Set<String> excluded = excluded(options.except());
    if (options.rooms().isEmpty()) {
      for (String id : List.copyOf(socketRooms.keySet())) {
        if (!excluded.contains(id)) {
          action.accept(id);
        }
      }
      return;
    }
    if (options.rooms().size() == 1) {
      Set<String> members = rooms.get(options.rooms().iterator().next());
      if (members != null) {
        for (String id : List.copyOf(members)) {
          if (!excluded.contains(id)) {
            action.accept(id);
          }
        }
      }
      return;
    }
    Set<String> seen = new HashSet<>();
    for (String room : options.rooms()) {
      Set<String> members = rooms.get(room);
      if (members == null) {
        continue;
      }
      for (String id : List.copyOf(members)) {
        if (!excluded.contains(id) && seen.add(id)) {
          action.accept(id);
        }
      }
    }
  }

  /** Socket ids in any of the excluded rooms (a socket id is a room too). */
  private Set<String> excluded(Set<String> except) {
    if (except.isEmpty()) {
      return Set.of();
    }
    Set<String> excluded = new HashSet<>();
    for (String room : except) {
      Set<String> members = rooms.get(room);
      if (members != null) {
        excluded.addAll(members);
      }
    }
    return excluded;
  }

  @Override
  public void broadcast(EncodedPacket packet, BroadcastOptions options) {
    List<String> selected = new ArrayList<>();
    forEachSelected(options, selected::add);
    if (!selected.isEmpty()) {
      sockets.write(selected, packet, options.isVolatile());
    }
  }

  @Override
  public void broadcastWithAck(EncodedPacket packet, long ackId, BroadcastOptions options, long timeoutMs,
                               io.vertx.core.Handler<Integer> clientCount, io.vertx.core.Handler<io.vertx.core.json.JsonArray> response) {
    int[] count = {0};
    forEachSelected(options, id -> {
      count[0]++;
      sockets.writeWithAck(id, packet, ackId, timeoutMs, response::handle);
    });
    clientCount.handle(count[0]);
  }

  @Override
  public int serverCount() {
    return 1;
  }

  @Override
  public Future<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
    List<SocketDetails> details = new ArrayList<>();
    forEachSelected(options, id -> {
      SocketDetails socket = sockets.details(id);
      if (socket != null) {
        details.add(socket);
      }
    });
    return Future.succeededFuture(details);
  }

  @Override
  public void addSockets(BroadcastOptions options, Set<String> toJoin) {
    forEachSelected(options, id -> addAll(id, toJoin));
  }

  @Override
  public void delSockets(BroadcastOptions options, Set<String> toLeave) {
    forEachSelected(options, id -> toLeave.forEach(room -> del(id, room)));
  }

  @Override
  public void disconnectSockets(BroadcastOptions options, boolean close) {
    forEachSelected(options, id -> sockets.disconnect(id, close));
  }

  /** One server: there is nobody else to tell. */
  @Override
  public void serverSideEmit(io.vertx.core.json.JsonArray event) {
  }

  @Override
  public Future<List<Object>> serverSideEmitWithAck(io.vertx.core.json.JsonArray event, java.time.Duration timeout) {
    return Future.succeededFuture(List.of());
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
