package io.roomcast.testing;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Roomcast deployed in this JVM as the launcher deploys it ({@code io.roomcast.server.RoomcastVerticle},
 * not clustered) on a free loopback port, for clients run as separate processes. Its methods block:
 * they are for the test thread, which then waits for those processes.
 *
 * <pre>{@code
 * InProcessRoomcast server = InProcessRoomcast.deploy(vertx, 1, new JsonObject());
 * NodeScript.run("chat-scenario.mjs", timeout, server.url());
 * server.awaitIdle();
 * }</pre>
 */
public final class InProcessRoomcast {

  private static final String MAIN_VERTICLE = "io.roomcast.server.RoomcastVerticle";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final int port;

  private InProcessRoomcast(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  /** Deploys {@code instances} main verticles (one gateway each) with {@code config} plus this port and host. */
  public static InProcessRoomcast deploy(Vertx vertx, int instances, JsonObject config) {
    int port = Ports.free();
    JsonObject withHttp = config.copy().put("http", new JsonObject().put("port", port).put("host", "127.0.0.1"));
    await(vertx.deployVerticle(MAIN_VERTICLE, new DeploymentOptions().setConfig(withHttp).setInstances(instances)),
      "deploying Roomcast");
    return new InProcessRoomcast(vertx, port);
  }

  /** The base URL the clients connect to. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** {@code GET /health}. */
  public JsonObject health() {
    HttpGet.Response response = await(HttpGet.get(vertx, port, "/health"), "GET /health");
    if (response.status() != 200) {
      throw new AssertionError("GET /health: " + response.status() + " " + response.body());
    }
    return response.json();
  }

  /** Waits until no room and no Engine.IO session is left: nothing the clients did stays behind. */
  public JsonObject awaitIdle() {
    return Poll.until(WAIT, "no rooms and no sessions in /health", () -> {
      JsonObject health = health();
      return health.getInteger("rooms") == 0 && health.getInteger("sessions") == 0 ? health : null;
    });
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(what + " took longer than " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
