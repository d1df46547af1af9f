package io.roomcast.adapter;

import io.roomcast.socketio.protocol.EncodedPacket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * A {@link LocalAdapter} that makes every adapter of the same namespace one: the other gateways
 * of this process (one per event loop with {@code --instances}) and, on a clustered event bus,
 * every node.
 * <ul>
 *   <li>Broadcasts are published once, encoded once at the sender; each adapter writes the same
 *       bytes to its local sockets. One sender's messages keep their order on the event bus.</li>
 *   <li>{@code socketsJoin}, {@code socketsLeave} and {@code disconnectSockets} are published to
 *       every adapter, which applies them to its own sockets.</li>
 *   <li>{@code fetchSockets} and {@code serverSideEmitWithAck} ask each known peer (see
 *       {@link AdapterPeers}) directly and gather the answers, with a timeout.</li>
 * </ul>
 * Nothing on these paths reads a Hazelcast map.
 *
 * <pre>{@code
 * new SocketIoOptions().setAdapterFactory(EventBusAdapter.factory(vertx));
 * }</pre>
 */
public class EventBusAdapter extends LocalAdapter {

  /** Prefix of the publish address per namespace: {@code roomcast.broadcast./chat}. */
  public static final String ADDRESS_PREFIX = "roomcast.broadcast.";
  /** How long {@code fetchSockets} waits for the other adapters. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  protected final Vertx vertx;
  private final String id = UUID.randomUUID().toString();
  private final String address;
  private final String operations;
  private final String requestPrefix;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final AdapterPeers peers;
  private final DeliveryOptions delivery = new DeliveryOptions().setCodecName(BroadcastMessage.Codec.NAME);
  /** Broadcasts with acks sent from here, waiting for the other adapters' counts and answers. */
  private final java.util.Map<String, AckCollector> collectors = new java.util.HashMap<>();

  private record AckCollector(io.vertx.core.Handler<Integer> clientCount, io.vertx.core.Handler<JsonArray> response) {
  }

  public EventBusAdapter(Vertx vertx, String namespace, LocalSockets sockets) {
    super(namespace, sockets);
    this.vertx = vertx;
    this.address = ADDRESS_PREFIX + namespace;
    this.operations = "roomcast.adapter." + namespace + ".operations";
    this.requestPrefix = "roomcast.adapter." + namespace + ".";
    registerCodec(vertx);
    var bus = vertx.eventBus();
    consumers.add(bus.<BroadcastMessage>consumer(address, message -> {
      BroadcastMessage broadcast = message.body();
      if (!id.equals(broadcast.origin())) {
        super.broadcast(broadcast.packet(), broadcast.options());
      }
    }));
    consumers.add(bus.<JsonObject>consumer(operations, message -> {
      if (!id.equals(message.body().getString("origin"))) {
        apply(message.body());
      }
    }));
    // Before the consumer that feeds it: an "alive" can arrive as soon as that one is registered.
    this.peers = new AdapterPeers(vertx, namespace, id, requestPrefix);
    consumers.add(bus.<JsonObject>consumer(requestPrefix + id, this::answer));
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

  /** Completes once the subscriptions are in place everywhere (cluster-wide when clustered). */
  public Future<Void> ready() {
    List<Future<Void>> all = new ArrayList<>();
    consumers.forEach(consumer -> all.add(consumer.completion()));
    return Future.all(all).mapEmpty();
  }

  /** The other adapters of this namespace heard from recently. */
  public List<String> peers() {
    return peers.ids();
  }

  // ---- broadcast ----------------------------------------------------------------------------

  @Override
  public void broadcast(EncodedPacket packet, BroadcastOptions options) {
    super.broadcast(packet, options);
    if (!options.local()) {
      vertx.eventBus().publish(address, new BroadcastMessage(id, packet, options), delivery);
    }
  }

  // ---- broadcast with acks -------------------------------------------------------------------

  @Override
  public int serverCount() {
    return peers.ids().size() + 1;
  }

  @Override
  public void broadcastWithAck(EncodedPacket packet, long ackId, BroadcastOptions options, long timeoutMs,
                               io.vertx.core.Handler<Integer> clientCount, io.vertx.core.Handler<JsonArray> response) {
    super.broadcastWithAck(packet, ackId, options, timeoutMs, clientCount, response);
    if (options.local()) {
      return;
    }
    String requestId = UUID.randomUUID().toString();
    collectors.put(requestId, new AckCollector(clientCount, response));
    vertx.setTimer(timeoutMs + 1_000, t -> collectors.remove(requestId));
    JsonObject request = new JsonObject().put("op", "broadcastWithAck").put("requestId", requestId).put("origin", id)
      .put("text", packet.text()).put("attachments", new JsonArray(new ArrayList<>(packet.attachments())))
      .put("ackId", ackId).put("options", toJson(options)).put("timeout", timeoutMs);
    for (String peer : peers.ids()) {
      vertx.eventBus().send(requestPrefix + peer, request);
    }
  }

  /** Another adapter's broadcast with acks: deliver to our sockets, report the count and each answer back. */
  private void deliverWithAck(JsonObject request) {
    String origin = requestPrefix + request.getString("origin");
    String requestId = request.getString("requestId");
    List<io.vertx.core.buffer.Buffer> attachments = new ArrayList<>();
    for (int i = 0; i < request.getJsonArray("attachments").size(); i++) {
      attachments.add(request.getJsonArray("attachments").getBuffer(i));
    }
    super.broadcastWithAck(new EncodedPacket(request.getString("text"), attachments), request.getLong("ackId"),
      fromJson(request.getJsonObject("options")), request.getLong("timeout"),
      count -> vertx.eventBus().send(origin, new JsonObject().put("op", "ackCount").put("requestId", requestId).put("count", count)),
      answer -> vertx.eventBus().send(origin, new JsonObject().put("op", "ackResponse").put("requestId", requestId).put("response", answer)));
  }

  // ---- socketsJoin / socketsLeave / disconnectSockets -------------------------------------------

  @Override
  public void addSockets(BroadcastOptions options, Set<String> rooms) {
    super.addSockets(options, rooms);
    publishOperation("join", options, new JsonObject().put("target", new JsonArray(List.copyOf(rooms))));
  }

  @Override
  public void delSockets(BroadcastOptions options, Set<String> rooms) {
    super.delSockets(options, rooms);
    publishOperation("leave", options, new JsonObject().put("target", new JsonArray(List.copyOf(rooms))));
  }

  @Override
  public void disconnectSockets(BroadcastOptions options, boolean close) {
    super.disconnectSockets(options, close);
    publishOperation("disconnect", options, new JsonObject().put("close", close));
  }

  private void publishOperation(String op, BroadcastOptions options, JsonObject extra) {
    if (!options.local()) {
      vertx.eventBus().publish(operations, extra.put("origin", id).put("op", op).put("options", toJson(options)));
    }
  }

  private void apply(JsonObject operation) {
    BroadcastOptions options = operation.containsKey("options") ? fromJson(operation.getJsonObject("options")) : null;
    switch (operation.getString("op")) {
      case "join" -> super.addSockets(options, strings(operation.getJsonArray("target")));
      case "leave" -> super.delSockets(options, strings(operation.getJsonArray("target")));
      case "disconnect" -> super.disconnectSockets(options, operation.getBoolean("close", false));
      case "emit" -> sockets.serverSideEvent(operation.getJsonArray("event"), reply -> { });
      default -> {
        // an operation of a newer version: ignore
      }
    }
  }

  // ---- fetchSockets and serverSideEmit: ask every peer --------------------------------------------

  @Override
  public Future<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
    Future<List<SocketDetails>> local = super.fetchSockets(options);
    if (options.local()) {
      return local;
    }
    JsonObject request = new JsonObject().put("op", "fetch").put("options", toJson(options));
    return local.compose(mine -> askPeers(request, REQUEST_TIMEOUT).map(answers -> {
      List<SocketDetails> all = new ArrayList<>(mine);
      for (Object answer : answers) {
        for (Object item : (JsonArray) answer) {
          all.add(detailsFromJson((JsonObject) item));
        }
      }
      return all;
    }));
  }

  /**
   * Published like {@code socketsJoin}: every adapter of the namespace gets it, including those
   * whose heartbeat has not been heard yet, and one sender's events arrive in order.
   */
  @Override
  public void serverSideEmit(JsonArray event) {
    vertx.eventBus().publish(operations, new JsonObject().put("origin", id).put("op", "emit").put("event", event));
  }

  @Override
  public Future<List<Object>> serverSideEmitWithAck(JsonArray event, Duration timeout) {
    return askPeers(new JsonObject().put("op", "emitWithAck").put("event", event), timeout);
  }

  /** Sends {@code request} to every known peer and gathers their answers; fails if one does not answer in time. */
  private Future<List<Object>> askPeers(JsonObject request, Duration timeout) {
    List<String> asked = peers.ids();
    if (asked.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    List<Future<Message<Object>>> replies = new ArrayList<>();
    for (String peer : asked) {
      replies.add(vertx.eventBus().request(requestPrefix + peer, request, options));
    }
    Promise<List<Object>> gathered = Promise.promise();
    Future.join(replies).onComplete(done -> {
      List<Object> answers = new ArrayList<>();
      int missing = 0;
      for (Future<Message<Object>> reply : replies) {
        if (reply.succeeded()) {
          answers.add(reply.result().body());
        } else {
          missing++;
        }
      }
      if (missing > 0) {
        gathered.fail(new TimeoutException("timeout reached: only " + answers.size() + " responses received out of " + asked.size()));
      } else {
        gathered.complete(answers);
      }
    });
    return gathered.future();
  }

  private void answer(Message<JsonObject> message) {
    JsonObject request = message.body();
    switch (request.getString("op")) {
      case "fetch" -> super.fetchSockets(fromJson(request.getJsonObject("options"))).onSuccess(found -> {
        JsonArray list = new JsonArray();
        found.forEach(details -> list.add(toJson(details)));
        message.reply(list);
      });
      case "emitWithAck" -> sockets.serverSideEvent(request.getJsonArray("event"), message::reply);
      case "alive" -> peers.heard(request);
      case "broadcastWithAck" -> deliverWithAck(request);
      case "ackCount" -> {
        AckCollector collector = collectors.get(request.getString("requestId"));
        if (collector != null) {
          collector.clientCount().handle(request.getInteger("count"));
        }
      }
      case "ackResponse" -> {
        AckCollector collector = collectors.get(request.getString("requestId"));
        if (collector != null) {
          collector.response().handle(request.getJsonArray("response"));
        }
      }
      default -> message.fail(400, "unknown operation " + request.getString("op"));
    }
  }

  @Override
  public Future<Void> close() {
    peers.close();
    List<Future<Void>> all = new ArrayList<>();
    consumers.forEach(consumer -> all.add(consumer.unregister()));
    return Future.all(all).mapEmpty();
  }

  // ---- JSON forms ---------------------------------------------------------------------------

  private static JsonObject toJson(BroadcastOptions options) {
    return new JsonObject()
      .put("rooms", new JsonArray(List.copyOf(options.rooms())))
      .put("except", new JsonArray(List.copyOf(options.except())));
  }

  private static BroadcastOptions fromJson(JsonObject json) {
    return new BroadcastOptions(strings(json.getJsonArray("rooms")), strings(json.getJsonArray("except")), true, false);
  }

  private static JsonObject toJson(SocketDetails details) {
    return new JsonObject().put("id", details.id()).put("rooms", new JsonArray(List.copyOf(details.rooms())))
      .put("data", details.data()).put("handshake", details.handshake());
  }

  private static SocketDetails detailsFromJson(JsonObject json) {
    return new SocketDetails(json.getString("id"), strings(json.getJsonArray("rooms")), json.getJsonObject("data"),
      json.getJsonObject("handshake"));
  }

  private static Set<String> strings(JsonArray array) {
    Set<String> values = new HashSet<>();
    array.forEach(value -> values.add((String) value));
    return values;
  }
}
