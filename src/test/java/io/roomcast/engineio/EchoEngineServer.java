package io.roomcast.engineio;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Engine.IO endpoint under test, on an in-process HTTP server of its own (port 0, loopback),
 * wired as {@code SocketGatewayVerticle} wires it. Each session echoes every text and binary
 * message back, except three commands that make the server act by itself:
 * <ul>
 *   <li>{@code count:N} sends {@code "1"} .. {@code "N"}, one per millisecond;</li>
 *   <li>{@code burst:N} sends {@code "1"} .. {@code "N"} at once;</li>
 *   <li>{@code close} closes the session from the server side.</li>
 * </ul>
 * Futures it returns complete on the caller's context, so a test stays on its own event loop.
 *
 * <pre>{@code
 * EchoEngineServer.deploy(vertx, EchoEngineServer.shortTimings()).onSuccess(server -> ...server.port()...);
 * }</pre>
 */
final class EchoEngineServer extends VerticleBase {

  static final String PATH = "/engine.io/";

  /** Heartbeat, upgrade timeout and payload limit short enough to watch them act within a test. */
  static EngineOptions shortTimings() {
    return new EngineOptions().setPath(PATH)
      .setPingInterval(300)
      .setPingTimeout(200)
      .setUpgradeTimeout(1000)
      .setMaxPayload(1000);
  }

  /**
   * {@link #shortTimings()} with a heartbeat too slow to act during a test: no ping slips between
   * the packets a test expects, however loaded the machine, and no session a test leaks is
   * cleaned up behind its back by a ping timeout.
   */
  static EngineOptions quietHeartbeat() {
    return shortTimings().setPingInterval(60_000).setPingTimeout(60_000);
  }

  private final EngineOptions options;
  private final Map<String, Promise<String>> closeReasons = new ConcurrentHashMap<>();
  private final List<RequestWatch> watches = new CopyOnWriteArrayList<>();
  private EngineServer engine;
  private HttpServer server;

  private EchoEngineServer(EngineOptions options) {
    this.options = options;
  }

  /** Deploys the server on an event loop of its own and returns it once it listens. */
  static Future<EchoEngineServer> deploy(Vertx vertx, EngineOptions options) {
    EchoEngineServer verticle = new EchoEngineServer(options);
    return vertx.deployVerticle(verticle).map(id -> verticle);
  }

  @Override
  public Future<?> start() {
    engine = EngineServer.create(vertx, options).connectionHandler(this::echo);
    // The engine leaves the WebSocket size limit to the HTTP server, as the gateway sets it.
    HttpServerOptions serverOptions = new HttpServerOptions()
      .setMaxWebSocketMessageSize(options.getMaxPayload())
      .setMaxWebSocketFrameSize(options.getMaxPayload());
    server = vertx.createHttpServer(serverOptions).requestHandler(this::route);
    return server.listen(0, "127.0.0.1");
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }

  int port() {
    return server.actualPort();
  }

  String path() {
    return options.getPath();
  }

  EngineOptions options() {
    return options;
  }

  EngineServer engine() {
    return engine;
  }

  int clientsCount() {
    return engine.clientsCount();
  }

  /** The reason session {@code sid} closed with, once its close handler has run. */
  Future<String> closeReason(String sid) {
    return onCallerContext(reasonOf(sid).future());
  }

  /** True once session {@code sid} has closed. */
  boolean isClosed(String sid) {
    return reasonOf(sid).future().isComplete();
  }

  /**
   * Completes once the server has handed the next {@code method} request for session {@code sid}
   * to the engine: a GET is then held (or answered), a POST is being read. Ask before sending.
   */
  Future<Void> handled(HttpMethod method, String sid) {
    RequestWatch watch = new RequestWatch(
      request -> request.method() == method && sid.equals(request.getParam("sid")), Promise.promise());
    watches.add(watch);
    return onCallerContext(watch.promise().future());
  }

  /**
   * Completes when {@link #clientsCount()} is {@code expected}, looking every 10 ms; fails with
   * the count it saw last if that takes longer than {@code timeoutMillis}.
   */
  Future<Void> clientsCountReaches(int expected, long timeoutMillis) {
    Promise<Void> reached = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    vertx.setPeriodic(0, 10, timer -> {
      int count = engine.clientsCount();
      if (count == expected) {
        vertx.cancelTimer(timer);
        reached.tryComplete();
      } else if (System.nanoTime() - deadline > 0) {
        vertx.cancelTimer(timer);
        reached.tryFail("clientsCount still " + count + " after " + timeoutMillis + " ms, expected " + expected);
      }
    });
    return onCallerContext(reached.future());
  }

  private void route(HttpServerRequest request) {
    if (!request.path().startsWith(options.getPath())) {
      request.response().setStatusCode(404).end();
      return;
    }
    engine.handle(request);
    for (RequestWatch watch : watches) {
      if (watch.matches().test(request) && watches.remove(watch)) {
        watch.promise().complete();
      }
    }
  }

  private void echo(EngineSocket socket) {
    Promise<String> closed = reasonOf(socket.id());
    socket.closeHandler(closed::tryComplete);
    socket.binaryHandler(socket::send);
    socket.messageHandler(text -> {
      if (text.startsWith("count:")) {
        count(socket, Integer.parseInt(text.substring("count:".length())));
      } else if (text.startsWith("burst:")) {
        int last = Integer.parseInt(text.substring("burst:".length()));
        for (int i = 1; i <= last; i++) {
          socket.send(Integer.toString(i));
        }
      } else if (text.equals("close")) {
        socket.close();
      } else {
        socket.send(text);
      }
    });
  }

  /** Sends 1..last from a 1 ms periodic timer on the session's context. */
  private void count(EngineSocket socket, int last) {
    int[] next = {1};
    vertx.setPeriodic(1, timer -> {
      if (!socket.isOpen()) {
        vertx.cancelTimer(timer);
        return;
      }
      socket.send(Integer.toString(next[0]++));
      if (next[0] > last) {
        vertx.cancelTimer(timer);
      }
    });
  }

  private Promise<String> reasonOf(String sid) {
    return closeReasons.computeIfAbsent(sid, id -> Promise.promise());
  }

  /** Re-delivers {@code future}'s outcome on the context of whoever asked for it. */
  private <T> Future<T> onCallerContext(Future<T> future) {
    Context caller = vertx.getOrCreateContext();
    Promise<T> relay = Promise.promise();
    future.onComplete(result -> caller.runOnContext(v -> relay.handle(result)));
    return relay.future();
  }

  private record RequestWatch(Predicate<HttpServerRequest> matches, Promise<Void> promise) {
  }
}
