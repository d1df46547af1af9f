package io.roomcast.socketio;

import io.roomcast.adapter.Adapter;
import io.roomcast.adapter.BroadcastOptions;
import io.roomcast.adapter.SocketDetails;
import io.roomcast.socketio.impl.Events;
import io.roomcast.socketio.protocol.EncodedPacket;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketEncoder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

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

  private final Vertx vertx;
  private final String namespace;
  private final Adapter adapter;
  private final BroadcastOptions options;
  private final Duration timeout;

  public BroadcastOperator(Vertx vertx, String namespace, Adapter adapter, BroadcastOptions options) {
    this(vertx, namespace, adapter, options, null);
  }

  private BroadcastOperator(Vertx vertx, String namespace, Adapter adapter, BroadcastOptions options, Duration timeout) {
    this.vertx = vertx;
    this.namespace = namespace;
    this.adapter = adapter;
    this.options = options;
    this.timeout = timeout;
  }

  public BroadcastOperator to(String... rooms) {
    return new BroadcastOperator(vertx, namespace, adapter, options.withRooms(Set.of(rooms)), timeout);
  }

  /** Same as {@link #to}. */
  public BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  public BroadcastOperator except(String... rooms) {
    return new BroadcastOperator(vertx, namespace, adapter, options.withExcept(Set.of(rooms)), timeout);
  }

  /** May be dropped for clients that cannot receive it right now. */
  public BroadcastOperator asVolatile() {
    return new BroadcastOperator(vertx, namespace, adapter, options.asVolatile(), timeout);
  }

  /** Only to sockets on this node. */
  public BroadcastOperator local() {
    return new BroadcastOperator(vertx, namespace, adapter, options.asLocal(), timeout);
  }

  /** Acknowledgements asked for with {@link #emitWithAck} must all arrive within {@code timeout}. */
  public BroadcastOperator timeout(Duration timeout) {
    return new BroadcastOperator(vertx, namespace, adapter, options, timeout);
  }

  public BroadcastOptions options() {
    return options;
  }

  public void emit(String event, Object... args) {
    EncodedPacket packet = PacketEncoder.encode(Packet.event(namespace, Events.arguments(event, args)));
    adapter.broadcast(packet, options);
  }

  /**
   * Sends to every selected client, on every server, and completes with one response per client
   * (the first argument of its ack). Fails with a {@link TimeoutException} when not every client
   * answered within the {@link #timeout}, which must be set.
   *
   * <pre>{@code
   * nsp.to("room").timeout(Duration.ofSeconds(2)).emitWithAck("vote?").onSuccess(votes -> ...);
   * }</pre>
   */
  public Future<JsonArray> emitWithAck(String event, Object... args) {
    if (timeout == null) {
      throw new IllegalStateException("a broadcast with acknowledgements needs a timeout: use timeout(Duration) first");
    }
    // Far above the per-socket ack ids (counted from 0), so a socket's own acks never collide.
    long ackId = ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 1_000_000_000_000_000L);
    EncodedPacket packet = PacketEncoder.encode(Packet.event(namespace, Events.arguments(event, args), ackId));
    Promise<JsonArray> result = Promise.promise();
    JsonArray responses = new JsonArray();
    int[] expected = {options.local() ? 1 : adapter.serverCount(), 0, 0}; // servers expected, servers counted, clients expected
    Runnable check = () -> {
      if (expected[1] == expected[0] && responses.size() == expected[2]) {
        result.tryComplete(responses);
      }
    };
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> result.tryFail(new TimeoutException(
      "operation has timed out: " + responses.size() + " of " + expected[2] + " clients answered")));
    adapter.broadcastWithAck(packet, ackId, options, timeout.toMillis(),
      count -> {
        expected[1]++;
        expected[2] += count;
        check.run();
      },
      answer -> {
        responses.add(answer.isEmpty() ? null : answer.getList().get(0));
        check.run();
      });
    return result.future().onComplete(done -> vertx.cancelTimer(timer));
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
