package io.roomcast.adapter;

import io.roomcast.socketio.protocol.EncodedPacket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.UUID;

/**
 * A {@link LocalAdapter} whose broadcasts also reach the sockets of every other adapter of the
 * same namespace over the event bus: the other gateways of this process (one per event loop with
 * {@code --instances}), and, on a clustered event bus, every other node. The packet is encoded
 * once at the sender; receivers deliver the same bytes to their local sockets. The event bus keeps
 * one sender's messages in order, so one sender's broadcasts to a room arrive in send order.
 *
 * <pre>{@code
 * new SocketIoOptions().setAdapterFactory(EventBusAdapter.factory(vertx));
 * }</pre>
 */
public class EventBusAdapter extends LocalAdapter {

  /** Prefix of the publish address per namespace: {@code roomcast.broadcast./chat}. */
  public static final String ADDRESS_PREFIX = "roomcast.broadcast.";

  protected final Vertx vertx;
  private final String id = UUID.randomUUID().toString();
  private final String address;
  private final MessageConsumer<BroadcastMessage> consumer;
  private final DeliveryOptions delivery = new DeliveryOptions().setCodecName(BroadcastMessage.Codec.NAME);

  public EventBusAdapter(Vertx vertx, String namespace, LocalSockets sockets) {
    super(namespace, sockets);
    this.vertx = vertx;
    this.address = ADDRESS_PREFIX + namespace;
    registerCodec(vertx);
    this.consumer = vertx.eventBus().consumer(address, message -> {
      BroadcastMessage broadcast = message.body();
      if (!id.equals(broadcast.origin())) {
        super.broadcast(broadcast.packet(), broadcast.options());
      }
    });
  }

  /** A factory for {@code SocketIoOptions.setAdapterFactory}. */
  public static Adapter.Factory factory(Vertx vertx) {
    return (namespace, sockets) -> new EventBusAdapter(vertx, namespace, sockets);
  }

  /** The codec is registered once per Vert.x instance; every adapter of the process shares it. */
  private static void registerCodec(Vertx vertx) {
    synchronized (EventBusAdapter.class) {
      var registered = vertx.sharedData().<String, Boolean>getLocalMap("roomcast.adapter.codecs");
      if (registered.putIfAbsent(BroadcastMessage.Codec.NAME, Boolean.TRUE) == null) {
        vertx.eventBus().registerCodec(new BroadcastMessage.Codec());
      }
    }
  }

  /** Completes once the subscription is in place everywhere (cluster-wide when clustered). */
  public Future<Void> ready() {
    return consumer.completion();
  }

  @Override
  public void broadcast(EncodedPacket packet, BroadcastOptions options) {
    super.broadcast(packet, options);
    if (!options.local()) {
      vertx.eventBus().publish(address, new BroadcastMessage(id, packet, options), delivery);
    }
  }

  @Override
  public Future<Void> close() {
    return consumer.unregister();
  }
}
