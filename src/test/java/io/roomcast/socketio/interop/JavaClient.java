package io.roomcast.socketio.interop;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.emitter.Emitter;
import io.vertx.core.json.JsonArray;
import okhttp3.OkHttpClient;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.roomcast.socketio.interop.InteropServer.await;

/**
 * One socket of the official Java client ({@code io.socket:socket.io-client}), whose callbacks run
 * on the client's own threads, bridged to futures the test thread waits on with a timeout.
 *
 * <pre>{@code
 * JavaClient client = clients.open("/", ClientTransport.WEBSOCKET).connect();
 * CompletableFuture<Object[]> echo = client.next("echo");
 * client.emit("echo", "hi");
 * JsonArray args = OrgJson.toVertx(client.await(echo, "the echo"));
 * }</pre>
 */
final class JavaClient {

  final Socket socket;
  final String tag;
  private final ClientTransport transport;
  private final InteropServer server;
  /** Every event received, by name, to check later that something did NOT arrive. */
  private final Map<String, List<JsonArray>> received = new ConcurrentHashMap<>();

  private JavaClient(Socket socket, String tag, ClientTransport transport, InteropServer server) {
    this.socket = socket;
    this.tag = tag;
    this.transport = transport;
    this.server = server;
    socket.onAnyIncoming(args -> received.computeIfAbsent(String.valueOf(args[0]), e -> new CopyOnWriteArrayList<>())
      .add(OrgJson.toVertx(Arrays.copyOfRange(args, 1, args.length))));
  }

  /** A socket to {@code url + nsp} on a connection of its own, tagged {@code tag} (see {@link InteropServer#TAG}). */
  static JavaClient create(InteropServer server, String nsp, ClientTransport transport, String tag,
                           Map<String, String> auth, OkHttpClient http) {
    IO.Options options = IO.Options.builder()
      .setForceNew(true)
      .setTransports(transport == ClientTransport.POLLING ? new String[] {"polling"}
        : transport == ClientTransport.WEBSOCKET ? new String[] {"websocket"} : new String[] {"polling", "websocket"})
      .setUpgrade(transport == ClientTransport.UPGRADE)
      .setReconnectionDelay(100)
      .setReconnectionDelayMax(200)
      .setRandomizationFactor(0)
      .setQuery(InteropServer.TAG + "=" + tag)
      .setAuth(auth)
      .build();
    options.callFactory = http;
    options.webSocketFactory = http;
    return new JavaClient(IO.socket(URI.create(server.url() + nsp), options), tag, transport, server);
  }

  /** Another namespace over this socket's connection (multiplexed, as socket.io's clients do by default). */
  JavaClient namespace(String nsp, Map<String, String> auth) {
    IO.Options options = new IO.Options();
    options.auth = auth;
    return new JavaClient(socket.io().socket(nsp, options), tag, transport, server);
  }

  /** Connects; fails on connect_error. For {@link ClientTransport#UPGRADE}, waits until the connection runs over WebSocket. */
  JavaClient connect() {
    CompletableFuture<Void> connected = new CompletableFuture<>();
    Emitter.Listener onConnect = args -> connected.complete(null);
    Emitter.Listener onError = args -> connected.completeExceptionally(
      new AssertionError("connect_error: " + OrgJson.toVertx(args).encode()));
    socket.once(Socket.EVENT_CONNECT, onConnect).once(Socket.EVENT_CONNECT_ERROR, onError);
    socket.connect();
    try {
      await(connected, "socket " + socket + " to connect");
    } finally {
      socket.off(Socket.EVENT_CONNECT, onConnect).off(Socket.EVENT_CONNECT_ERROR, onError);
    }
    awaitFinalTransport();
    return this;
  }

  /**
   * Waits until the connection is on the transport it must end up on. The server's view decides: the
   * client's own {@code Manager.EVENT_TRANSPORT} fires when the WebSocket probe is created, before
   * the upgrade. Once the server has the upgrade packet, the client has switched: it sends that
   * packet right after it switches, and everything after it over WebSocket.
   */
  void awaitFinalTransport() {
    server.socket(id()).awaitTransport(transport.endsOn);
  }

  String id() {
    return socket.id();
  }

  void emit(String event, Object... args) {
    socket.emit(event, args);
  }

  /** The arguments of the next {@code event}; register before causing it. */
  CompletableFuture<Object[]> next(String event) {
    CompletableFuture<Object[]> future = new CompletableFuture<>();
    socket.once(event, future::complete);
    return future;
  }

  /** Emits with an ack callback and waits for the server's ack arguments. */
  Object[] request(String event, Object... args) {
    CompletableFuture<Object[]> ack = new CompletableFuture<>();
    socket.emit(event, args, (Ack) ack::complete);
    return await(ack, "the server's ack for " + event);
  }

  /** The events named {@code event} received so far, arguments as Vert.x JSON. */
  List<JsonArray> received(String event) {
    return List.copyOf(received.getOrDefault(event, List.of()));
  }

  /** Disconnects (the server sees "client namespace disconnect"); the connection closes with its last socket. */
  void close() {
    socket.close();
  }
}
