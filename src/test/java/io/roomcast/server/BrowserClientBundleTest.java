package io.roomcast.server;

import io.roomcast.testing.HttpGet;
import io.roomcast.testing.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway serves the official browser client where the Node server does. */
@ExtendWith(VertxExtension.class)
class BrowserClientBundleTest {

  @ParameterizedTest
  @ValueSource(strings = {"/socket.io/socket.io.min.js", "/socket.io/socket.io.js"})
  void servesTheOfficialBrowserClient(String path, Vertx vertx, VertxTestContext test) {
    int port = Ports.free();
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", port).put("host", "127.0.0.1"));
    vertx.deployVerticle(RoomcastVerticle.class.getName(), new DeploymentOptions().setConfig(config))
      .compose(id -> HttpGet.get(vertx, port, path))
      .onComplete(test.succeeding(response -> test.verify(() -> {
        assertEquals(200, response.status());
        assertTrue(response.contentType().contains("javascript"), response.contentType());
        assertTrue(response.body().contains("Socket.IO v4.8"), "the 4.8 bundle, banner included");
        test.completeNow();
      })));
  }
}
