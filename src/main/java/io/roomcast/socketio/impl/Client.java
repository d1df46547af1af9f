package io.roomcast.socketio.impl;

import io.roomcast.engineio.EngineSocket;
import io.roomcast.engineio.SharedMessage;
import io.roomcast.socketio.DisconnectReason;
import io.roomcast.socketio.protocol.EncodedPacket;
import io.roomcast.socketio.protocol.MalformedPacketException;
import io.roomcast.socketio.protocol.Packet;
import io.roomcast.socketio.protocol.PacketDecoder;
import io.roomcast.socketio.protocol.PacketEncoder;
import io.roomcast.socketio.protocol.PacketType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Engine.IO connection as Socket.IO sees it: decodes its packets, and multiplexes the
 * namespaces it joined. Lives on the connection's context.
 */
final class Client {

  private final SocketIoServerImpl server;
  private final EngineSocket engine;
  private final PacketDecoder decoder;
  private final Map<String, SocketImpl> sockets = new HashMap<>(2);
  private long connectTimer;

  Client(SocketIoServerImpl server, EngineSocket engine) {
    this.server = server;
    this.engine = engine;
    this.decoder = new PacketDecoder(server.options().getMaxAttachments());
    engine.messageHandler(this::onText).binaryHandler(this::onBinary).closeHandler(this::onEngineClose);
    // A connection that joins no namespace in time is dropped; once one succeeded, never again.
    connectTimer = server.vertx().setTimer(server.options().getConnectTimeout(), t -> {
      connectTimer = -1;
      if (sockets.isEmpty()) {
        engine.close();
      }
    });
  }

  EngineSocket engine() {
    return engine;
  }

  /** Writes an encoded packet; a volatile one is dropped when it could not go out at once. */
  void write(EncodedPacket packet, boolean isVolatile) {
    if (!engine.isOpen() || isVolatile && !engine.canSendNow()) {
      return;
    }
    engine.send(packet.text());
    writeAttachments(packet);
  }

  /** Writes a packet whose text part is shared by the recipients of a broadcast. */
  void write(SharedMessage text, EncodedPacket packet, boolean isVolatile) {
    if (!engine.isOpen() || isVolatile && !engine.canSendNow()) {
      return;
    }
    engine.send(text);
    writeAttachments(packet);
  }

  private void writeAttachments(EncodedPacket packet) {
    List<Buffer> attachments = packet.attachments();
    for (int i = 0; i < attachments.size(); i++) {
      engine.send(attachments.get(i));
    }
  }

  void write(Packet packet) {
    write(PacketEncoder.encode(packet), false);
  }

  void remove(SocketImpl socket) {
    sockets.remove(socket.namespace().name(), socket);
  }

  /** Disconnects every namespace (each client gets DISCONNECT), then closes the connection. */
  void disconnectAll() {
    for (SocketImpl socket : List.copyOf(sockets.values())) {
      socket.disconnect(false);
    }
    engine.close();
  }

  private void onText(String text) {
    Packet packet;
    try {
      packet = decoder.decode(text);
    } catch (MalformedPacketException e) {
      onParseError();
      return;
    }
    if (packet != null) {
      onPacket(packet);
    }
  }

  private void onBinary(Buffer data) {
    Packet packet;
    try {
      packet = decoder.decode(data);
    } catch (MalformedPacketException e) {
      onParseError();
      return;
    }
    if (packet != null) {
      onPacket(packet);
    }
  }

  private void onPacket(Packet packet) {
    SocketImpl socket = sockets.get(packet.namespace());
    if (packet.type() == PacketType.CONNECT && socket == null) {
      connect(packet.namespace(), packet.data() instanceof JsonObject auth ? auth : new JsonObject());
    } else if (socket != null && packet.type() != PacketType.CONNECT && packet.type() != PacketType.CONNECT_ERROR) {
      socket.onPacket(packet);
    } else {
      // A second CONNECT, a packet for a namespace not joined, or a CONNECT_ERROR from a client.
      closeAll(DisconnectReason.FORCED_SERVER_CLOSE);
    }
  }

  private void connect(String name, JsonObject auth) {
    NamespaceImpl namespace = server.namespaceFor(name);
    if (namespace == null) {
      write(new Packet(PacketType.CONNECT_ERROR, name, new JsonObject().put("message", "Invalid namespace"), Packet.NO_ID));
      return;
    }
    namespace.connect(this, auth).onComplete(result -> {
      if (!engine.isOpen()) {
        return;
      }
      if (result.failed()) {
        write(new Packet(PacketType.CONNECT_ERROR, name, NamespaceImpl.connectError(result.cause()), Packet.NO_ID));
        return;
      }
      SocketImpl socket = result.result();
      sockets.put(name, socket);
      if (connectTimer != -1) {
        server.vertx().cancelTimer(connectTimer);
        connectTimer = -1;
      }
      write(new Packet(PacketType.CONNECT, name, new JsonObject().put("sid", socket.id()), Packet.NO_ID));
      namespace.connected(socket);
    });
  }

  private void onParseError() {
    closeAll(DisconnectReason.PARSE_ERROR);
  }

  /** Closes the sockets with {@code reason}, then the connection. */
  private void closeAll(String reason) {
    for (SocketImpl socket : List.copyOf(sockets.values())) {
      socket.onClose(reason);
    }
    engine.close();
  }

  private void onEngineClose(String reason) {
    if (connectTimer != -1) {
      server.vertx().cancelTimer(connectTimer);
      connectTimer = -1;
    }
    for (SocketImpl socket : List.copyOf(sockets.values())) {
      socket.onClose(reason);
    }
  }
}
