package io.roomcast.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The HTTP face of a node: serves {@code webroot/} and {@code GET /health}. With
 * {@code --instances N} every event loop runs one, sharing the port.
 */
public class SocketGatewayVerticle extends VerticleBase {

  private HttpServer server;

  @Override
  public Future<?> start() {
    RoomcastConfig config = RoomcastConfig.of(config());
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.route().handler(StaticHandler.create(config.webroot()));
    server = vertx.createHttpServer().requestHandler(router);
    DeployedVerticles.add(vertx, getClass().getSimpleName());
    return server.listen(config.httpPort(), config.httpHost());
  }

  @Override
  public Future<?> stop() {
    DeployedVerticles.remove(vertx, getClass().getSimpleName());
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The port actually bound (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void health(RoutingContext ctx) {
    var bus = vertx.eventBus();
    Future<Message<JsonObject>> nodes = bus.request(Addresses.PRESENCE_NODES, null);
    Future<Message<JsonArray>> rooms = bus.request(Addresses.ROOMS_LIST, null);
    Future.all(nodes, rooms).onComplete(done -> {
      if (done.failed()) {
        ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
          .end(new JsonObject().put("status", "DOWN").put("error", done.cause().getMessage()).encode());
        return;
      }
      JsonObject presence = nodes.result().body();
      JsonObject body = new JsonObject()
        .put("status", "UP")
        .put("nodeId", presence.getString("self"))
        .put("clustered", presence.getBoolean("clustered"))
        .put("members", presence.getJsonArray("members"))
        .put("rooms", rooms.result().body().size())
        .put("verticles", DeployedVerticles.snapshot(vertx));
      ctx.response().putHeader("content-type", "application/json").end(body.encode());
    });
  }
}
