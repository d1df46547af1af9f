package io.roomcast.engineio.impl;

import io.roomcast.engineio.EngineError;
import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EnginePacket;
import io.roomcast.engineio.EngineParser;
import io.roomcast.engineio.EngineSocket;
import io.roomcast.engineio.PacketType;
import io.roomcast.engineio.SharedMessage;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An Engine.IO session: its write buffer, heartbeat, transport and upgrade. Every method other
 * than {@link #execute} and {@link #beginPost} runs on the owning context's thread, so the
 * state needs no locks; requests that arrive on other event loops are handed over with
 * {@link #execute}.
 */
public final class EngineSocketImpl implements EngineSocket {

  private enum State { OPEN, CLOSING, CLOSED }

  /** How long a poll that arrives during an upgrade waits before its noop (the reference checks every 100 ms). */
  private static final long NOOP_DELAY_MS = 100;

  private final String id;
  private final Vertx vertx;
  private final Context context;
  private final Thread owner;
  private final EngineOptions options;
  private final SessionTable table;
  private final MultiMap headers;
  private final MultiMap query;
  private final String remoteAddress;

  private Transport transport;
  private State state = State.OPEN;
  private final List<EnginePacket> buffer = new ArrayList<>();

  private FrameTransport probe;
  private boolean probed;
  private long upgradeTimer = -1;
  private long noopTimer = -1;

  private long pingTimer = -1;
  private long pongTimer = -1;
  /** System.nanoTime() by which a pong must arrive; 0 while no ping is outstanding. */
  private long pongDeadline;
  private long closeTimer = -1;
  private final AtomicBoolean postInFlight = new AtomicBoolean();

  private Handler<String> messageHandler;
  private Handler<Buffer> binaryHandler;
  private Handler<String> closeHandler;
  private Runnable onRemoved = () -> { };

  EngineSocketImpl(String id, Vertx vertx, Context context, EngineOptions options, SessionTable table,
                   MultiMap headers, MultiMap query, String remoteAddress) {
    this.id = id;
    this.vertx = vertx;
    this.context = context;
    this.owner = Thread.currentThread();
    this.options = options;
    this.table = table;
    this.headers = headers;
    this.query = query;
    this.remoteAddress = remoteAddress;
  }

  // ---- public API -------------------------------------------------------------------------

  @Override
  public String id() {
    return id;
  }

  @Override
  public String transport() {
    return transport.name();
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public MultiMap handshakeHeaders() {
    return headers;
  }

  @Override
  public MultiMap handshakeQuery() {
    return query;
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public void send(String text) {
    sendPacket(EnginePacket.message(text));
  }

  @Override
  public void send(Buffer binary) {
    sendPacket(EnginePacket.message(binary));
  }

  @Override
  public void send(SharedMessage message) {
    if (message instanceof SharedTextMessage shared && state == State.OPEN && buffer.isEmpty()
        && transport instanceof WebSocketTransport socket && socket.writable()) {
      socket.send(shared);
    } else {
      sendPacket(EnginePacket.message(message.text()));
    }
  }

  @Override
  public EngineSocket messageHandler(Handler<String> handler) {
    this.messageHandler = handler;
    return this;
  }

  @Override
  public EngineSocket binaryHandler(Handler<Buffer> handler) {
    this.binaryHandler = handler;
    return this;
  }

  @Override
  public EngineSocket closeHandler(Handler<String> handler) {
    this.closeHandler = handler;
    return this;
  }

  @Override
  public boolean canSendNow() {
    return state == State.OPEN && buffer.isEmpty() && transport.ready();
  }

  @Override
  public boolean isOpen() {
    return state == State.OPEN;
  }

  @Override
  public void close() {
    if (state != State.OPEN) {
      return;
    }
    state = State.CLOSING;
    if (transport instanceof PollingTransport) {
      // The close packet goes out after what is queued, on the client's next poll.
      buffer.add(EnginePacket.CLOSE);
      flush();
      if (state == State.CLOSING) {
        closeTimer = vertx.setTimer(options.getPingInterval() + options.getPingTimeout(), t -> onClose("forced close"));
      }
    } else {
      flush();
      onClose("forced close");
    }
  }

  /** Ends the session now, without the close handshake of {@link #close()}: what is queued goes out if it can. */
  void terminate(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    flush();
    onClose(reason);
  }

  // ---- wiring from the server -------------------------------------------------------------

  /** Runs {@code task} on this session's thread: at once if already there. */
  void execute(Runnable task) {
    if (Thread.currentThread() == owner) {
      task.run();
    } else {
      context.runOnContext(v -> task.run());
    }
  }

  void onRemoved(Runnable callback) {
    this.onRemoved = callback;
  }

  /** Starts the session on its first transport and queues the open packet. */
  void open(Transport first) {
    transport = first;
    if (first instanceof FrameTransport) {
      table.webSocketOpened();
    }
    JsonArray upgrades = new JsonArray();
    if (first instanceof PollingTransport && options.getTransports().contains(EngineOptions.WEBSOCKET)) {
      upgrades.add(EngineOptions.WEBSOCKET);
    }
    String handshake = new JsonObject()
      .put("sid", id)
      .put("upgrades", upgrades)
      .put("pingInterval", options.getPingInterval())
      .put("pingTimeout", options.getPingTimeout())
      .put("maxPayload", options.getMaxPayload())
      .encode();
    buffer.add(EnginePacket.of(PacketType.OPEN, handshake));
    flush();
    schedulePing();
  }

  // ---- long-polling -----------------------------------------------------------------------

  void onPollGet(PollReply response) {
    if (!usable(response)) {
      return;
    }
    PollingTransport polling = (PollingTransport) transport;
    if (polling.hasPendingGet()) {
      Responses.error(response, EngineError.BAD_REQUEST);
      onClose("transport error");
      return;
    }
    polling.hold(response);
    if (probed && buffer.isEmpty()) {
      // The client is switching to WebSocket. Like the reference server, end this poll with a
      // noop shortly; if the upgrade completes first (its "5" may be on another event loop),
      // the poll is refused instead, as a poll after the upgrade would be.
      noopTimer = vertx.setTimer(NOOP_DELAY_MS, t -> {
        noopTimer = -1;
        if (transport instanceof PollingTransport waiting) {
          waiting.release(EnginePacket.NOOP);
        }
      });
      return;
    }
    flush();
  }

  void onPollAborted(PollReply response) {
    if (state != State.CLOSED && transport instanceof PollingTransport && ((PollingTransport) transport).abandon(response)) {
      onClose("transport error"); // as the reference server words a poll the client dropped
    }
  }

  /** Called on the request's thread: false if another POST is still being read. */
  boolean beginPost() {
    return postInFlight.compareAndSet(false, true);
  }

  void onPollPost(Buffer body, PollReply response) {
    postInFlight.set(false);
    if (!usable(response)) {
      return;
    }
    List<EnginePacket> packets;
    try {
      packets = EngineParser.decodePayload(body.toString());
    } catch (EngineParser.ParseException e) {
      Responses.error(response, EngineError.BAD_REQUEST);
      onClose("parse error");
      return;
    }
    Responses.ok(response);
    for (EnginePacket packet : packets) {
      if (state == State.CLOSED) {
        return;
      }
      onPacket(packet);
    }
  }

  /** A POST refused before its body was read (too large): the session lives on, as in the reference server. */
  void onPostRefused() {
    postInFlight.set(false);
  }

  /** A request that broke the rules (overlapping POST, binary body): the session ends. */
  void onTransportError() {
    if (state != State.CLOSED) {
      onClose("transport error");
    }
  }

  /** Checks that a polling request may proceed, answering it with an error if not. */
  private boolean usable(PollReply response) {
    if (heartbeatExpired() || state == State.CLOSED) {
      Responses.error(response, EngineError.UNKNOWN_SID);
      return false;
    }
    if (!(transport instanceof PollingTransport)) {
      Responses.error(response, EngineError.BAD_REQUEST);
      return false;
    }
    return true;
  }

  // ---- WebSocket ---------------------------------------------------------------------------

  /** A WebSocket opened with this session's id, here or relayed from another node: the upgrade probe begins. */
  void onProbeOpened(FrameTransport socket) {
    if (state != State.OPEN || probe != null || !(transport instanceof PollingTransport)) {
      socket.close();
      return;
    }
    probe = socket;
    upgradeTimer = vertx.setTimer(options.getUpgradeTimeout(), t -> {
      upgradeTimer = -1;
      abandonProbe();
    });
  }

  void onWebSocketText(FrameTransport socket, String frame) {
    if (state == State.CLOSED || heartbeatExpired()) {
      socket.close();
      return;
    }
    EnginePacket packet;
    try {
      packet = EngineParser.decodeText(frame);
    } catch (EngineParser.ParseException e) {
      if (socket == transport) {
        onClose("parse error");
      } else {
        abandonProbe();
      }
      return;
    }
    if (socket == transport) {
      onPacket(packet);
    } else if (socket == probe) {
      onProbePacket(packet);
    }
  }

  void onWebSocketBinary(FrameTransport socket, Buffer data) {
    if (state == State.CLOSED || heartbeatExpired()) {
      socket.close();
      return;
    }
    if (socket == transport) {
      onPacket(EnginePacket.message(data));
    } else if (socket == probe) {
      abandonProbe();
    }
  }

  /** A message over maxPayload: that WebSocket is closed (1009), and the session with it if it was the transport. */
  void onWebSocketTooBig(FrameTransport socket) {
    socket.closeTooBig();
    if (socket == transport) {
      onClose("transport error");
    } else if (socket == probe) {
      abandonProbe();
    }
  }

  /** The client closed the socket (or, relayed, the relaying node went away). */
  void onWebSocketClosed(FrameTransport socket, String reason) {
    socket.closed();
    if (socket == transport) {
      onClose(reason);
    } else if (socket == probe) {
      abandonProbe();
    }
  }

  /** The socket failed (a broken connection, a message over the server's limits): it is closed, as in the reference. */
  void onWebSocketError(FrameTransport socket) {
    if (socket == transport) {
      onClose("transport error");
    } else if (socket == probe) {
      abandonProbe();
    } else {
      socket.close();
    }
  }

  private void onProbePacket(EnginePacket packet) {
    if (packet.type() == PacketType.PING && "probe".equals(packet.text())) {
      probe.sendText(PacketType.PONG.code() + "probe");
      probed = true;
      PollingTransport polling = (PollingTransport) transport;
      if (buffer.isEmpty()) {
        polling.release(EnginePacket.NOOP);
      } else {
        flush();
      }
    } else if (packet.type() == PacketType.UPGRADE && probed) {
      completeUpgrade();
    } else {
      abandonProbe();
    }
  }

  private void completeUpgrade() {
    cancel(upgradeTimer);
    upgradeTimer = -1;
    cancel(noopTimer);
    noopTimer = -1;
    // A poll still waiting here was sent after the probe: it is a poll after the upgrade.
    ((PollingTransport) transport).refuse(EngineError.BAD_REQUEST);
    transport = probe;
    table.webSocketOpened();
    probe = null;
    probed = false;
    flush();
  }

  private void abandonProbe() {
    cancel(upgradeTimer);
    upgradeTimer = -1;
    if (probe != null) {
      probe.close();
      probe = null;
    }
    probed = false;
  }

  // ---- packets and heartbeat -----------------------------------------------------------------

  private void onPacket(EnginePacket packet) {
    switch (packet.type()) {
      case MESSAGE -> {
        if (packet.isBinary()) {
          if (binaryHandler != null) {
            binaryHandler.handle(packet.binary());
          }
        } else if (messageHandler != null) {
          messageHandler.handle(packet.text() == null ? "" : packet.text());
        }
      }
      case PONG -> onPong();
      case PING -> onClose("transport error"); // v4 clients never ping; the server does
      case CLOSE -> {
        if (transport instanceof PollingTransport) {
          ((PollingTransport) transport).release(EnginePacket.NOOP);
        }
        onClose("transport close");
      }
      default -> {
        // open, ping, upgrade and noop mean nothing from a v4 client on an established transport
      }
    }
  }

  private void sendPacket(EnginePacket packet) {
    if (state != State.OPEN) {
      return;
    }
    buffer.add(packet);
    flush();
  }

  private void flush() {
    if (state == State.CLOSED || buffer.isEmpty() || !transport.writable()) {
      return;
    }
    List<EnginePacket> packets = buffer.size() == 1 ? List.of(buffer.get(0)) : List.copyOf(buffer);
    buffer.clear();
    transport.write(packets);
    if (state == State.CLOSING && packets.get(packets.size() - 1) == EnginePacket.CLOSE) {
      onClose("forced close");
    }
  }

  private void schedulePing() {
    pingTimer = vertx.setTimer(options.getPingInterval(), t -> {
      pingTimer = -1;
      sendPacket(EnginePacket.PING);
      pongDeadline = System.nanoTime() + options.getPingTimeout() * 1_000_000L;
      pongTimer = vertx.setTimer(options.getPingTimeout(), t2 -> onClose("ping timeout"));
    });
  }

  private void onPong() {
    if (pongDeadline == 0) {
      return;
    }
    cancel(pongTimer);
    pongTimer = -1;
    pongDeadline = 0;
    schedulePing();
  }

  /** The timer may run late on a busy loop; every request checks the pong deadline itself. */
  private boolean heartbeatExpired() {
    if (state != State.CLOSED && pongDeadline != 0 && System.nanoTime() - pongDeadline >= 0) {
      onClose("ping timeout");
      return true;
    }
    return false;
  }

  private void cancel(long timer) {
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
  }

  /** Ends the session for good: timers off, transports released, removed from the table. */
  void onClose(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    cancel(pingTimer);
    cancel(pongTimer);
    cancel(upgradeTimer);
    cancel(noopTimer);
    cancel(closeTimer);
    pongDeadline = 0;
    table.remove(this);
    if (transport instanceof FrameTransport) {
      table.webSocketClosed();
    }
    onRemoved.run();
    if (probe != null) {
      probe.close();
      probe = null;
    }
    transport.close();
    buffer.clear();
    if (closeHandler != null) {
      closeHandler.handle(reason);
    }
  }
}
