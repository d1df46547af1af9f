package io.roomcast.server;

import io.roomcast.adapter.EventBusAdapter;
import io.roomcast.chat.ChatHandlers;
import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EngineServer;
import io.roomcast.socketio.SocketIoServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The HTTP face of a node: the Engine.IO endpoint ({@code /socket.io/}), {@code webroot/} and
 * {@code GET /health}. With {@code --instances N} every event loop runs one, sharing the port.
 */
public class SocketGatewayVerticle extends VerticleBase {

  /** Where the conformance profile puts the plain Engine.IO echo endpoint the official suite expects. */
  static final String CONFORMANCE_ENGINE_PATH = "/engine.io/";

  private HttpServer server;
  private String enginePath;
  private EngineServer engine;
  private EngineServer echo;
  private SocketIoServer io;
  private ChatHandlers chat;
  private ClusterGuard guard;
  private ConnectionGuard connections;
  /** Counts the node's changes of standing: a resume decided before a later fence must not happen. */
  private int standings;
  private static final int CATCH_UP_TRIES = 20;
  private static final long CATCH_UP_DELAY_MS = 500;

  @Override
  public Future<?> start() {
    RoomcastConfig config = RoomcastConfig.of(config());
    EngineOptions engineOptions = config.engineOptions();
    enginePath = engineOptions.getPath();
    // A request can land on any node (no sticky sessions): session ids name their node, polls
    // for another node's session are carried there over the event bus, and WebSockets relayed.
    PollForwarding forwarding = new PollForwarding(vertx, engineOptions.getPingInterval() + engineOptions.getPingTimeout() + 5_000);
    WebSocketRelaying relaying = new WebSocketRelaying(vertx, engineOptions.getUpgradeTimeout());
    engineOptions.setSessionIdPrefix(forwarding.route()).setForwarder(forwarding).setWebSocketRelay(relaying);
    engine = EngineServer.create(vertx, engineOptions);
    Future<Void> forwardingReady = Future.all(forwarding.serve(engine).completion(), relaying.serve(engine)).mapEmpty();
    // Broadcasts reach the other gateways of this process and, when clustered, every node.
    io = SocketIoServer.create(vertx, config.socketIoOptions().setAdapterFactory(EventBusAdapter.factory(vertx)))
      .attach(engine);
    if (config.conformance()) {
      echo = EngineServer.create(vertx, config.engineOptions().setPath(CONFORMANCE_ENGINE_PATH));
      echo.connectionHandler(socket -> socket.messageHandler(socket::send).binaryHandler(socket::send));
      ConformanceHandlers.install(io);
    } else {
      chat = ChatHandlers.install(vertx, io.of("/"), new EventBusRoomRegistry(vertx), new EventBusPresence(vertx),
        config.chatOptions());
    }
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.route().handler(StaticHandler.create(config.webroot()));
    HttpServerOptions serverOptions = new HttpServerOptions()
      // No h2c upgrade: a request asking for it was answered 400 but its connection left open.
      .setHttp2ClearTextEnabled(false)
      // Every response is written on its connection's event loop (polling answers hop back
      // there), so Vert.x can skip the cross-thread write queue it otherwise gives each HTTP
      // connection: about 4 KB less per connected socket (docs/BENCHMARKS.md).
      .setStrictThreadMode(true)
      // No WebSocket compression, as the reference server's default (perMessageDeflate: false):
      // a deflater per connection costs far more memory and CPU than chat messages save.
      .setPerMessageWebSocketCompressionSupported(false)
      .setPerFrameWebSocketCompressionSupported(false)
      .setMaxWebSocketMessageSize(engineOptions.getMaxPayload())
      .setMaxWebSocketFrameSize(engineOptions.getMaxPayload())
      // No byte either way for this long: closed (Engine.IO pings every pingInterval, so its sessions never are).
      .setIdleTimeout(config.httpIdleTimeout())
      .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    connections = ConnectionGuard.of(vertx, config.connectionLimits());
    server = vertx.createHttpServer(serverOptions).requestHandler(request -> route(request, router));
    connections.watch(vertx, server);
    guard = ClusterGuard.of(vertx);
    // While the node is fenced (it may have been cut off from its cluster), it serves nobody.
    Future<?> standing = vertx.eventBus().<JsonObject>localConsumer(Addresses.CLUSTER_STANDING, message -> {
      int version = ++standings;
      if (!message.body().getBoolean("serving", false)) {
        engine.suspend();
        return;
      }
      // Back: first the messages the others delivered meanwhile, so that a client entering a room
      // gets them in its history (the enter_room rule), then clients.
      catchUp(CATCH_UP_TRIES).onComplete(v -> {
        if (version == standings) {
          engine.resume();
        }
      });
    }).completion();
    if (guard.fencedReason() != null) {
      engine.suspend();
    }
    DeployedVerticles.add(vertx, getClass().getSimpleName());
    // The chat's history of the running servers first, so that the first client entering a room here gets it.
    return Future.all(forwardingReady, standing)
      .compose(v -> catchUp(CATCH_UP_TRIES))
      .compose(v -> server.listen(config.httpPort(), config.httpHost()));
  }

  /**
   * Copies the other servers' chat history, trying again (every {@value #CATCH_UP_DELAY_MS} ms, up
   * to {@code tries} times) while none answers: at start or right after a merge, their adapters are
   * heard of within a heartbeat. Done at once when there is no chat or no other member.
   */
  private Future<Void> catchUp(int tries) {
    if (chat == null || new ClusterView(vertx).members().size() < 2) {
      return Future.succeededFuture();
    }
    return chat.copyHistory().compose(answers -> {
      if (answers > 0 || tries <= 1) {
        return Future.succeededFuture();
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(CATCH_UP_DELAY_MS, t -> catchUp(tries - 1).onComplete(later));
      return later.future();
    });
  }

  private void route(HttpServerRequest request, Router router) {
    String path = request.path();
    boolean engineRequest = isEndpoint(path, enginePath);
    if (!connections.admit(request, engineRequest && request.getParam("sid") == null)) {
      return;
    }
    if (engineRequest) {
      engine.handle(request);
    } else if (echo != null && isEndpoint(path, CONFORMANCE_ENGINE_PATH)) {
      echo.handle(request);
    } else {
      router.handle(request);
    }
  }

  /** {@code /socket.io/} and {@code /socket.io} both reach the endpoint; {@code /socket.io/x.js} does not. */
  private static boolean isEndpoint(String path, String endpoint) {
    return path.equals(endpoint) || path.length() == endpoint.length() - 1 && endpoint.startsWith(path);
  }

  @Override
  public Future<?> stop() {
    // Graceful stop: close the sockets, let the chat leave their rooms (so this node removes its
    // own members and says bye) and tell presence they went, then stop listening. The room
    // manager and presence wait for the gateways; presence then removes what is left of this node.
    Future<Void> sockets = io == null ? Future.succeededFuture() : io.close();
    return sockets
      .compose(v -> chat == null ? Future.succeededFuture() : chat.drained().timeout(5, java.util.concurrent.TimeUnit.SECONDS)
        .recover(slow -> Future.succeededFuture()))
      .compose(v -> server == null ? Future.succeededFuture() : server.close())
      .eventually(() -> {
        DeployedVerticles.remove(vertx, getClass().getSimpleName());
        return Future.succeededFuture();
      });
  }

  private void health(RoutingContext ctx) {
    var bus = vertx.eventBus();
    DeliveryOptions local = new DeliveryOptions().setLocalOnly(true);
    Future<Message<JsonObject>> nodes = bus.request(Addresses.PRESENCE_NODES, null, local);
    Future<Message<JsonArray>> rooms = bus.request(Addresses.ROOMS_LIST, null, local);
    Future.all(nodes, rooms).onComplete(done -> {
      if (done.failed()) {
        ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
          .end(new JsonObject().put("status", "DOWN").put("error", done.cause().getMessage()).encode());
        return;
      }
      JsonObject presence = nodes.result().body();
      String fenced = guard.fencedReason();
      JsonObject body = new JsonObject()
        .put("status", fenced == null ? "UP" : "FENCED")
        .put("nodeId", presence.getString("self"))
        .put("clustered", presence.getBoolean("clustered"))
        .put("members", presence.getJsonArray("members"))
        .put("online", presence.getInteger("online"))
        .put("rooms", rooms.result().body().size())
        .put("sessions", engine.clientsCount())
        .put("websockets", engine.webSocketClientsCount())
        .put("connections", connections.counts())
        .put("verticles", DeployedVerticles.snapshot(vertx));
      if (fenced != null) {
        // Not serving: a load balancer's health check takes it out of rotation.
        body.put("fenced", fenced);
        ctx.response().setStatusCode(503);
      }
      ctx.response().putHeader("content-type", "application/json").end(body.encode());
    });
  }
}
