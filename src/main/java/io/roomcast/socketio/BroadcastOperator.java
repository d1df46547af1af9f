package io.roomcast.socketio;

import io.roomcast.adapter.Adapter;
import io.roomcast.adapter.BroadcastOptions;
import io.roomcast.adapter.SocketDetails;
import io.roomcast.socketio.impl.Events;
import io.roomcast.socketio.protocol.EncodedPacket;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketEncoder;
import io.vertx.core.Future;

import java.util.List;
import java.util.Set;

/**
 * Who a broadcast goes to. Immutable: {@link #to}, {@link #except}, {@link #asVolatile} and
 * {@link #local} return new operators, so nothing leaks between emits. The packet is encoded once
 * and the adapter writes the same bytes to every recipient.
 *
 * <pre>{@code
 * nsp.to("room1").to("room2").except("muted").emit("news", "hello");
 * }</pre>
 */
public final class BroadcastOperator {

  private final String namespace;
  private final Adapter adapter;
  private final BroadcastOptions options;

  public BroadcastOperator(String namespace, Adapter adapter, BroadcastOptions options) {
    this.namespace = namespace;
    this.adapter = adapter;
    this.options = options;
  }

  public BroadcastOperator to(String... rooms) {
    return new BroadcastOperator(namespace, adapter, options.withRooms(Set.of(rooms)));
  }

  /** Same as {@link #to}. */
  public BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  public BroadcastOperator except(String... rooms) {
    return new BroadcastOperator(namespace, adapter, options.withExcept(Set.of(rooms)));
  }

  /** May be dropped for clients that cannot receive it right now. */
  public BroadcastOperator asVolatile() {
    return new BroadcastOperator(namespace, adapter, options.asVolatile());
  }

  /** Only to sockets on this node. */
  public BroadcastOperator local() {
    return new BroadcastOperator(namespace, adapter, options.asLocal());
  }

  public BroadcastOptions options() {
    return options;
  }

  public void emit(String event, Object... args) {
    EncodedPacket packet = PacketEncoder.encode(Packet.event(namespace, Events.arguments(event, args)));
    adapter.broadcast(packet, options);
  }

  public Future<List<SocketDetails>> fetchSockets() {
    return adapter.fetchSockets(options);
  }

  public void socketsJoin(String... rooms) {
    adapter.addSockets(options, Set.of(rooms));
  }

  public void socketsLeave(String... rooms) {
    adapter.delSockets(options, Set.of(rooms));
  }

  public void disconnectSockets(boolean close) {
    adapter.disconnectSockets(options, close);
  }
}
