package io.roomcast.socketio.interop;

import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EngineServer;
import io.roomcast.engineio.EngineSocket;
import io.roomcast.socketio.ConnectionRefused;
import io.roomcast.socketio.EventHandler;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketIoOptions;
import io.roomcast.socketio.SocketIoServer;
import io.roomcast.testing.Poll;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Socket.IO server the interop tests point official clients at: an Engine.IO endpoint at
 * {@code /socket.io/} with {@link SocketIoServer} attached, on an in-process HTTP server on a free
 * loopback port, deployed as a verticle so its sessions live on one event loop. Both {@code /}
 * and {@code /admin} (which wants {@code auth.token == "s3cret"}) answer these events:
 * <ul>
 *   <li>{@code echo(...args)}: emits {@code echo} back with the same arguments, binary included;</li>
 *   <li>{@code echo-ack(...args)}: acknowledges with the same arguments;</li>
 *   <li>{@code never-acked(...)}: is recorded and never acknowledged;</li>
 *   <li>{@code whoami()}: acknowledges with the namespace, the socket id and the CONNECT auth;</li>
 *   <li>{@code ask(event, timeoutMs, ...args)}: {@code socket.timeout(timeoutMs).emitWithAck(event, ...args)}
 *       to the client, then emits {@code asked(event, {"ok": true, "answer": [...]})} or
 *       {@code asked(event, {"ok": false, "error": "TimeoutException", ...})};</li>
 *   <li>{@code binary-please()}: emits {@code binary(every byte 0..255, {"nested": [ff 00 7f 80]}, "caption")},
 *       and acknowledges with the same arguments if asked;</li>
 *   <li>{@code join(room)}: joins, acknowledges {@code true};</li>
 *   <li>{@code to-room(room, ...args)}: {@code socket.to(room).emit("room-message", ...args)};</li>
 *   <li>{@code to-others(...args)}: {@code socket.broadcast().emit("others-message", ...args)};</li>
 *   <li>{@code announce(text)}: the whole namespace gets {@code announce(text, namespace)};</li>
 *   <li>{@code disconnect-me(close)}: {@code socket.disconnect(close)};</li>
 *   <li>{@code drop-transport()}: closes the connection's Engine.IO session, as a lost network would
 *       (the client connects with {@code ?tag=...} so the server can tell its session apart).</li>
 * </ul>
 * Everything the server sees is recorded for the test thread: sockets with their events, the
 * answers to {@code ask}, disconnect reasons, and refused connections.
 */
final class InteropServer extends VerticleBase {

  static final String PATH = "/socket.io/";
  static final String ADMIN = "/admin";
  static final String ADMIN_TOKEN = "s3cret";
  /** The query parameter that names a client's Engine.IO session for {@link #dropTransport}. */
  static final String TAG = "tag";
  /** How long the test thread waits for something the server should see. */
  static final Duration WAIT = Duration.ofSeconds(10);
  /** What {@code binary-please} sends nested in an object: bytes whose sign or UTF-8 re-encoding would show. */
  static final byte[] NESTED_BYTES = {(byte) 0xff, 0x00, 0x7f, (byte) 0x80};

  /** Bytes 0..255 in a row. */
  static byte[] everyByte() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  /** One event as the server's handler received it. */
  record SeenEvent(String name, JsonArray args, boolean ackRequested, String transport) {
  }

  /** What the server saw of one socket; written on the event loop, read by the test thread. */
  static final class SeenSocket {
    final String id;
    final String namespace;
    final String transportAtConnect;
    final JsonObject auth;
    final List<SeenEvent> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> disconnectReason = new CompletableFuture<>();
    private final Map<String, CompletableFuture<JsonArray>> asked = new ConcurrentHashMap<>();
    private final Socket socket;
    private final Context context;

    SeenSocket(Socket socket) {
      this.socket = socket;
      this.context = Vertx.currentContext();
      this.id = socket.id();
      this.namespace = socket.namespace().name();
      this.transportAtConnect = socket.transport();
      this.auth = socket.handshake().auth().copy();
    }

    /** The client's answer to the server's {@code emitWithAck(event)}, or its failure. */
    CompletableFuture<JsonArray> asked(String event) {
      return asked.computeIfAbsent(event, e -> new CompletableFuture<>());
    }

    /** The events named {@code name}, once there are at least {@code count}. */
    List<SeenEvent> events(String name, int count) {
      return Poll.until(WAIT, count + " " + name + " event(s) on socket " + id, () -> {
        List<SeenEvent> named = events.stream().filter(e -> e.name().equals(name)).toList();
        return named.size() >= count ? named : null;
      });
    }

    /** The first event named {@code name}. */
    SeenEvent event(String name) {
      return events(name, 1).get(0);
    }

    /** The socket's transport right now, read on its own context. */
    String currentTransport() {
      CompletableFuture<String> transport = new CompletableFuture<>();
      context.runOnContext(v -> transport.complete(socket.transport()));
      return await(transport, "the transport of socket " + id);
    }

    /** Waits until the server receives this socket's packets over {@code transport}. */
    void awaitTransport(String transport) {
      Poll.until(WAIT, "socket " + id + " to run over " + transport,
        () -> transport.equals(currentTransport()) ? true : null);
    }

    String awaitDisconnectReason() {
      return await(disconnectReason, "socket " + id + " to disconnect");
    }
  }

  private final EngineOptions options;
  private final Map<String, SeenSocket> sockets = new ConcurrentHashMap<>();
  private final List<JsonObject> refusedAuths = new CopyOnWriteArrayList<>();
  private final Map<String, EngineSocket> sessionsByTag = new ConcurrentHashMap<>();
  private EngineServer engine;
  private HttpServer server;

  private InteropServer(EngineOptions options) {
    this.options = options;
  }

  /** Deploys the server, with the reference server's heartbeat, on an event loop of its own; completes once it listens. */
  static Future<InteropServer> deploy(Vertx vertx) {
    return deploy(vertx, new EngineOptions().setPath(PATH));
  }

  /** The same, with a heartbeat of {@code pingInterval} + {@code pingTimeout}. */
  static Future<InteropServer> deploy(Vertx vertx, Duration pingInterval, Duration pingTimeout) {
    return deploy(vertx, new EngineOptions().setPath(PATH)
      .setPingInterval(pingInterval.toMillis())
      .setPingTimeout(pingTimeout.toMillis()));
  }

  private static Future<InteropServer> deploy(Vertx vertx, EngineOptions options) {
    InteropServer verticle = new InteropServer(options);
    return vertx.deployVerticle(verticle).map(id -> verticle);
  }

  @Override
  public Future<?> start() {
    engine = EngineServer.create(vertx, options);
    SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions()).attach(new SessionsByTag(engine));
    install(io.of("/"));
    Namespace admin = io.of(ADMIN).use(socket -> {
      if (ADMIN_TOKEN.equals(socket.handshake().auth().getValue("token"))) {
        return Future.succeededFuture();
      }
      refusedAuths.add(socket.handshake().auth().copy());
      return Future.failedFuture(new ConnectionRefused("not authorized", new JsonObject().put("code", 42)));
    });
    install(admin);
    // As SocketGatewayVerticle does: a WebSocket message may be as large as a polling payload.
    HttpServerOptions serverOptions = new HttpServerOptions()
      .setMaxWebSocketMessageSize(options.getMaxPayload())
      .setMaxWebSocketFrameSize(options.getMaxPayload());
    server = vertx.createHttpServer(serverOptions).requestHandler(this::route);
    return server.listen(0, "127.0.0.1");
  }

  private void route(HttpServerRequest request) {
    if (request.path().equals(PATH) || request.path().equals(PATH.substring(0, PATH.length() - 1))) {
      engine.handle(request);
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  // ---- for the test thread -------------------------------------------------------------------

  /** {@code http://127.0.0.1:PORT}: clients add the namespace; the path is the clients' default. */
  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The server's record of socket {@code id}, waiting for it to connect. */
  SeenSocket socket(String id) {
    return Poll.until(WAIT, "socket " + id + " to connect", () -> sockets.get(id));
  }

  /** The auth objects of the connections /admin refused so far, in order. */
  List<JsonObject> refusedAuths() {
    return List.copyOf(refusedAuths);
  }

  /** Engine.IO sessions open right now. */
  int clientsCount() {
    return engine.clientsCount();
  }

  /** Waits until every Engine.IO session has ended. */
  void awaitNoSessions() {
    Poll.until(WAIT, "clientsCount() to return to 0 (it is " + engine.clientsCount() + ")",
      () -> engine.clientsCount() == 0 ? true : null);
  }

  /** Closes the Engine.IO session of the client that connected with {@code ?tag=TAG}, as a lost network would. */
  void dropTransport(String tag) {
    EngineSocket session = sessionsByTag.get(tag);
    if (session == null) {
      throw new AssertionError("no Engine.IO session tagged " + tag + "; tags seen: " + sessionsByTag.keySet());
    }
    session.context().runOnContext(v -> session.close());
  }

  static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out after " + WAIT + " waiting for " + what, e);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The failure of a future that must fail. */
  static Throwable awaitFailure(CompletableFuture<?> future, String what) {
    try {
      Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError(what + " succeeded with " + value + ", expected a failure");
    } catch (TimeoutException e) {
      throw new AssertionError("timed out after " + WAIT + " waiting for " + what, e);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- the handlers ------------------------------------------------------------------------------

  private void install(Namespace namespace) {
    namespace.onConnection(socket -> {
      SeenSocket seen = new SeenSocket(socket);
      sockets.put(socket.id(), seen);
      socket.onDisconnect(seen.disconnectReason::complete);
      on(socket, seen, "echo", (args, ack) -> socket.emit("echo", raw(args)));
      on(socket, seen, "echo-ack", (args, ack) -> ack.send(raw(args)));
      on(socket, seen, "never-acked", (args, ack) -> { });
      on(socket, seen, "whoami", (args, ack) -> ack.send(namespace.name(), socket.id(), socket.handshake().auth()));
      on(socket, seen, "ask", (args, ack) -> ask(socket, seen, args));
      on(socket, seen, "binary-please", (args, ack) -> {
        Object[] binary = {Buffer.buffer(everyByte()), new JsonObject().put("nested", Buffer.buffer(NESTED_BYTES)), "caption"};
        socket.emit("binary", binary);
        ack.send(binary);
      });
      on(socket, seen, "join", (args, ack) -> {
        socket.join(args.getString(0));
        ack.send(true);
      });
      on(socket, seen, "to-room", (args, ack) -> socket.to(args.getString(0)).emit("room-message", rest(args)));
      on(socket, seen, "to-others", (args, ack) -> socket.broadcast().emit("others-message", raw(args)));
      on(socket, seen, "announce", (args, ack) -> namespace.emit("announce", args.getValue(0), namespace.name()));
      on(socket, seen, "disconnect-me", (args, ack) -> socket.disconnect(Boolean.TRUE.equals(args.getBoolean(0))));
      on(socket, seen, "drop-transport", (args, ack) -> dropTransport(socket.handshake().query().get(TAG)));
    });
  }

  /** Registers {@code handler}, recording each event before it runs. */
  private static void on(Socket socket, SeenSocket seen, String event, EventHandler handler) {
    socket.on(event, (args, ack) -> {
      seen.events.add(new SeenEvent(event, args, ack.requested(), socket.transport()));
      handler.handle(args, ack);
    });
  }

  /** {@code ask(event, timeoutMs, ...args)}: the server asks the client, with a timeout, and reports the outcome. */
  private static void ask(Socket socket, SeenSocket seen, JsonArray args) {
    String event = args.getString(0);
    Duration timeout = Duration.ofMillis(args.getLong(1));
    Object[] payload = args.getList().subList(2, args.size()).toArray();
    CompletableFuture<JsonArray> answer = seen.asked(event);
    socket.timeout(timeout).emitWithAck(event, payload).onComplete(result -> {
      if (result.succeeded()) {
        answer.complete(result.result());
        socket.emit("asked", event, new JsonObject().put("ok", true).put("answer", result.result()));
      } else {
        answer.completeExceptionally(result.cause());
        socket.emit("asked", event, new JsonObject().put("ok", false)
          .put("error", result.cause().getClass().getSimpleName())
          .put("message", String.valueOf(result.cause().getMessage())));
      }
    });
  }

  /** The arguments as they are, Buffers included (JsonArray's own iterator would turn them into base64 strings). */
  private static Object[] raw(JsonArray args) {
    return args.getList().toArray();
  }

  private static Object[] rest(JsonArray args) {
    return args.getList().subList(1, args.size()).toArray();
  }

  /** The real endpoint, remembering each session by the {@code tag} query parameter of its handshake. */
  private final class SessionsByTag implements EngineServer {
    private final EngineServer delegate;

    SessionsByTag(EngineServer delegate) {
      this.delegate = delegate;
    }

    @Override
    public EngineServer connectionHandler(Handler<EngineSocket> handler) {
      delegate.connectionHandler(session -> {
        String tag = session.handshakeQuery().get(TAG);
        if (tag != null) {
          sessionsByTag.put(tag, session);
        }
        handler.handle(session);
      });
      return this;
    }

    @Override
    public void handle(HttpServerRequest request) {
      delegate.handle(request);
    }

    @Override
    public Future<io.roomcast.engineio.PollAnswer> handleForwarded(io.roomcast.engineio.ForwardedPoll poll) {
      return delegate.handleForwarded(poll);
    }

    @Override
    public void abortForwarded(io.roomcast.engineio.ForwardedPoll poll) {
      delegate.abortForwarded(poll);
    }

    @Override
    public io.roomcast.engineio.FrameChannel acceptRelayed(io.roomcast.engineio.RelayedWebSocket socket,
                                                           io.roomcast.engineio.FrameChannel toClient) {
      return delegate.acceptRelayed(socket, toClient);
    }

    @Override
    public int clientsCount() {
      return delegate.clientsCount();
    }

    @Override
    public int webSocketClientsCount() {
      return delegate.webSocketClientsCount();
    }

    @Override
    public Future<Void> close() {
      return delegate.close();
    }

    @Override
    public void suspend() {
      delegate.suspend();
    }

    @Override
    public void resume() {
      delegate.resume();
    }
  }
}
