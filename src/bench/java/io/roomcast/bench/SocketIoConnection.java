package io.roomcast.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One Socket.IO v5 client on namespace {@code /}, spoken as raw Engine.IO v4 text frames over a
 * Vert.x WebSocket: {@code 0{...}} open, {@code 40} CONNECT, {@code 2}/{@code 3} heartbeat,
 * {@code 42[...]} events, {@code 43<id>[...]} acks. No socket.io-client: the load generator must
 * stay cheaper than the servers it measures. Lives on the context that created it.
 *
 * <pre>{@code
 * SocketIoConnection.connect(client, 8080).compose(c -> c.emitWithAck("[\"enter_room\",\"r\"]"));
 * }</pre>
 */
public final class SocketIoConnection {

  private final ClientWebSocket socket;
  private final Traffic traffic;
  private final Promise<SocketIoConnection> connected = Promise.promise();
  private final Promise<Void> closed = Promise.promise();
  private final Map<Integer, Promise<String>> acks = new HashMap<>();
  private int nextAckId;
  private Consumer<String> eventHandler = event -> { };
  /** Counting mode: the kind of the message whose continuation frames may follow, and a control message's frames so far. */
  private Traffic.Kind continuing = Traffic.Kind.CONTROL;
  private Buffer partial;

  private SocketIoConnection(ClientWebSocket socket, Traffic traffic) {
    this.socket = socket;
    this.traffic = traffic;
  }

  /** Opens the WebSocket, waits for the Engine.IO open packet, sends CONNECT and waits for its answer. */
  public static Future<SocketIoConnection> connect(WebSocketClient client, int port) {
    return connect(client, port, null);
  }

  /**
   * As {@link #connect(WebSocketClient, int)}, but when {@code traffic} is not null every data frame
   * is counted into it and only the Engine.IO/Socket.IO control frames and acks are decoded: events
   * ({@code 42[...]}) are recognised by their first bytes, never turned into strings, and do not
   * reach {@link #onEvent}. For scenarios that receive far more than they need to read.
   */
  public static Future<SocketIoConnection> connect(WebSocketClient client, int port, Traffic traffic) {
    ClientWebSocket socket = client.webSocket();
    SocketIoConnection connection = new SocketIoConnection(socket, traffic);
    if (traffic == null) {
      socket.textMessageHandler(connection::frame);
    } else {
      socket.frameHandler(connection::countedFrame);
    }
    socket.closeHandler(v -> connection.onClose());
    socket.exceptionHandler(e -> connection.connected.tryFail(e));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
      .setURI("/socket.io/?EIO=4&transport=websocket");
    return socket.connect(options).compose(ws -> connection.connected.future());
  }

  /** Called with the JSON array of every event the server sends (the text after {@code 42}). */
  public SocketIoConnection onEvent(Consumer<String> handler) {
    this.eventHandler = handler;
    return this;
  }

  /** Sends an event whose JSON array is {@code eventArray}, without ack. */
  public void emit(String eventArray) {
    socket.writeTextMessage("42" + eventArray);
  }

  /** Sends an event with an ack id; completes with the ack's JSON array. */
  public Future<String> emitWithAck(String eventArray) {
    int id = nextAckId++;
    Promise<String> ack = Promise.promise();
    acks.put(id, ack);
    socket.writeTextMessage("42" + id + eventArray);
    return ack.future();
  }

  /** Closes the WebSocket (the server sees a transport close); completes once it is closed. */
  public Future<Void> close() {
    socket.close();
    return closed.future();
  }

  public Future<Void> closed() {
    return closed.future();
  }

  private void countedFrame(WebSocketFrame frame) {
    if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
      return; // ping, pong, close: Vert.x answers them
    }
    Buffer data = frame.binaryData();
    boolean first = !frame.isContinuation();
    Traffic.Kind kind = first ? Traffic.classify(data) : continuing;
    continuing = kind;
    traffic.count(kind, data.length(), first);
    if (kind != Traffic.Kind.CONTROL) {
      return;
    }
    if (partial != null) {
      partial.appendBuffer(data);
    } else if (!frame.isFinal()) {
      partial = data.copy();
    }
    if (frame.isFinal()) {
      Buffer whole = partial != null ? partial : data;
      partial = null;
      frame(whole.toString());
    }
  }

  private void frame(String text) {
    if (text.isEmpty()) {
      return;
    }
    char type = text.charAt(0);
    if (type == '2') {
      socket.writeTextMessage("3");
    } else if (type == '0') {
      socket.writeTextMessage("40");
    } else if (type == '4' && text.length() > 1) {
      packet(text);
    }
  }

  private void packet(String text) {
    char type = text.charAt(1);
    if (type == '2') {
      eventHandler.accept(text.substring(2));
    } else if (type == '3') {
      int bracket = text.indexOf('[');
      Promise<String> ack = bracket > 2 ? acks.remove(Integer.parseInt(text.substring(2, bracket))) : null;
      if (ack != null) {
        ack.complete(text.substring(bracket));
      }
    } else if (type == '0') {
      connected.tryComplete(this);
    } else if (type == '4') {
      connected.tryFail("CONNECT refused: " + text);
    }
  }

  private void onClose() {
    connected.tryFail("closed before CONNECT");
    acks.values().forEach(ack -> ack.tryFail("closed"));
    acks.clear();
    closed.tryComplete();
  }

  /** A JSON array of strings, for {@link #emit}: {@code event("enter_room", "r")}. */
  public static String event(String... parts) {
    JsonArray array = new JsonArray();
    for (String part : parts) {
      array.add(part);
    }
    return array.encode();
  }
}
