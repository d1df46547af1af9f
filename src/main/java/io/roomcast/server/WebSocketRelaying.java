package io.roomcast.server;

import io.roomcast.engineio.EngineServer;
import io.roomcast.engineio.FrameChannel;
import io.roomcast.engineio.RelayedWebSocket;
import io.roomcast.engineio.WebSocketRelay;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * No sticky sessions for WebSockets: a WebSocket that lands on a node which does not own its
 * session is accepted there and relayed over the event bus to the owner, whose session takes it
 * as its own (the upgrade probe, then its transport).
 *
 * <p>The relaying gateway asks the owner node ({@code roomcast.engine.websockets.<route>}) to
 * open a <em>link</em>; from then on each end sends the frames of the link to the other end's
 * gateway address, one message per frame, from one thread, so they arrive in order (the event
 * bus keeps the order of the sends from one thread to one address). A close ends the link at
 * both ends; when presence reports the other end's node gone, its links end here too: the owner's
 * session loses its transport ("transport close"), the relayed client's socket is closed (1001).
 */
final class WebSocketRelaying implements WebSocketRelay {

  /**
   * Prefix of each node's relay address, followed by the node's route. Request. Sender: a gateway
   * that got a WebSocket for another node's session. Consumers: the owner node's gateways;
   * {@code {sid, base64, address, link, node}}, replies {@code {address, link, node}} (the
   * gateway that hosts the session's end of the link), or fails 404 for an unknown session.
   * <p>Each gateway also has an address of its own, {@code <prefix><route>.<gateway>}, for the
   * frames of the links it hosts. Send. Sender: the other end of each link. Consumer: that gateway
   * only; headers {@code link} (the receiver's link id) and {@code op} ({@code text}: a String
   * body, {@code binary}: a Buffer, {@code close}: headers {@code code} and {@code reason}).
   */
  static final String ADDRESS_PREFIX = "roomcast.engine.websockets.";

  private static final String LINK = "link";
  private static final String OP = "op";
  private static final String CODE = "code";
  private static final String REASON = "reason";
  private static final String TEXT = "text";
  private static final String BINARY = "binary";
  private static final String CLOSE = "close";

  /** One end of a link: where the other end's frames go here, and the other end's node. */
  private static final class Link {
    FrameChannel into;
    String peerNode;

    Link(FrameChannel into, String peerNode) {
      this.into = into;
      this.peerNode = peerNode;
    }
  }

  private final Vertx vertx;
  private final String route;
  private final String node;
  /** This gateway's address for the frames of its links. */
  private final String address;
  private final DeliveryOptions openDelivery;
  /** This gateway's ends of links, by id; a link is gone once removed (closes are sent only by whoever removes it). */
  private final Map<Long, Link> links = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** {@code timeoutMs}: how long a relaying node waits for the owner to take a WebSocket. */
  WebSocketRelaying(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.route = PollForwarding.route(vertx);
    this.node = new ClusterView(vertx).nodeId();
    this.address = ADDRESS_PREFIX + route + "." + UUID.randomUUID();
    this.openDelivery = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  /**
   * Takes WebSockets that other nodes relay for this node's sessions, carries the frames of this
   * gateway's links, and ends the links of nodes that vanish. Call on the gateway's context.
   */
  Future<Void> serve(EngineServer engine) {
    var bus = vertx.eventBus();
    return Future.all(
      bus.<JsonObject>consumer(ADDRESS_PREFIX + route, message -> accept(engine, message)).completion(),
      bus.<Object>consumer(address, this::receive).completion(),
      bus.<JsonObject>localConsumer(Addresses.PRESENCE_NODE_CHANGED, message -> {
        if ("left".equals(message.body().getString("event"))) {
          peerGone(message.body().getString("node"));
        }
      }).completion()).mapEmpty();
  }

  @Override
  public Future<FrameChannel> open(RelayedWebSocket socket, FrameChannel toClient) {
    long id = ids.incrementAndGet();
    Link link = new Link(toClient, null);
    links.put(id, link);
    JsonObject open = new JsonObject().put("sid", socket.sid()).put("base64", socket.base64())
      .put("address", address).put(LINK, id).put("node", node);
    String owner = ADDRESS_PREFIX + socket.sid().substring(0, PollForwarding.ROUTE_LENGTH);
    return vertx.eventBus().<JsonObject>request(owner, open, openDelivery)
      .<FrameChannel>map(reply -> {
        JsonObject taken = reply.body();
        link.peerNode = taken.getString("node");
        return new Frames(taken.getString("address"), taken.getLong(LINK), id);
      })
      .onFailure(refused -> links.remove(id));
  }

  /** The owner's side: the session takes the WebSocket, or the open fails if it is not here. */
  private void accept(EngineServer engine, Message<JsonObject> message) {
    JsonObject open = message.body();
    long id = ids.incrementAndGet();
    // In the table before the session sees it: the session may close it at once, from its thread.
    Link link = new Link(null, open.getString("node"));
    links.put(id, link);
    FrameChannel toClient = new Frames(open.getString("address"), open.getLong(LINK), id);
    FrameChannel into = engine.acceptRelayed(new RelayedWebSocket(open.getString("sid"), open.getBoolean("base64", false)), toClient);
    if (into == null) {
      links.remove(id);
      message.fail(404, "Session ID unknown");
      return;
    }
    link.into = into;
    message.reply(new JsonObject().put("address", address).put(LINK, id).put("node", node));
  }

  /** A frame or the close of one of this gateway's links, from its other end. */
  private void receive(Message<Object> message) {
    long id = Long.parseLong(message.headers().get(LINK));
    Link link = links.get(id);
    if (link == null) {
      return; // ended here already
    }
    switch (message.headers().get(OP)) {
      case TEXT -> link.into.text((String) message.body());
      case BINARY -> link.into.binary((Buffer) message.body());
      case CLOSE -> {
        if (links.remove(id, link)) {
          link.into.close(Short.parseShort(message.headers().get(CODE)), message.headers().get(REASON));
        }
      }
      default -> throw new IllegalArgumentException("unknown relay op " + message.headers().get(OP));
    }
  }

  /** The other end's node vanished or left: its links end here, as if it had closed them. */
  private void peerGone(String gone) {
    links.forEach((id, link) -> {
      if (gone.equals(link.peerNode) && links.remove(id, link)) {
        link.into.close(FrameChannel.GOING_AWAY, "transport close");
      }
    });
  }

  /** This end's frames, to the other end of link {@code peerLink} at {@code peerAddress}. */
  private final class Frames implements FrameChannel {

    private final String peerAddress;
    private final long peerLink;
    private final long localLink;

    Frames(String peerAddress, long peerLink, long localLink) {
      this.peerAddress = peerAddress;
      this.peerLink = peerLink;
      this.localLink = localLink;
    }

    @Override
    public void text(String frame) {
      send(TEXT, frame);
    }

    @Override
    public void binary(Buffer frame) {
      send(BINARY, frame);
    }

    @Override
    public void close(short code, String reason) {
      if (links.remove(localLink) == null) {
        return; // the other end ended it first, or its node is gone
      }
      DeliveryOptions close = headers(CLOSE).addHeader(CODE, Short.toString(code));
      if (reason != null) {
        close.addHeader(REASON, reason);
      }
      vertx.eventBus().send(peerAddress, null, close);
    }

    private void send(String op, Object body) {
      if (links.containsKey(localLink)) {
        vertx.eventBus().send(peerAddress, body, headers(op));
      }
    }

    private DeliveryOptions headers(String op) {
      return new DeliveryOptions().addHeader(LINK, Long.toString(peerLink)).addHeader(OP, op);
    }
  }
}
