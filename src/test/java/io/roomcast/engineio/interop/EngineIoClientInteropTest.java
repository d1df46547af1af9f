package io.roomcast.engineio.interop;

import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EngineServer;
import io.roomcast.engineio.EngineSocket;
import io.roomcast.testing.NodeScript;
import io.roomcast.testing.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official {@code engine.io-client} (npm, run by {@code src/test/node/engineio-echo-client.mjs})
 * against an in-process echo endpoint, over each transport and across the upgrade. The client
 * checks the echoes; this side checks what the server saw: the messages, their kinds and
 * transports, the close reason, and that the session is gone afterwards.
 */
@ExtendWith(VertxExtension.class)
class EngineIoClientInteropTest {

  private static final String PATH = "/engine.io/";
  private static final String SCRIPT = "engineio-echo-client.mjs";
  /** The script gives up after 10 s by itself; this only catches a script that hangs anyway. */
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(10);

  /** What the server saw of one session, written on its event loop and read by the test thread. */
  private static final class SessionLog {
    final String openedOn;
    /** One "kind@transport" per message received, in order: {@code text@polling}, {@code binary@websocket}. */
    final List<String> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();

    SessionLog(String openedOn) {
      this.openedOn = openedOn;
    }
  }

  private final Map<String, SessionLog> sessions = new ConcurrentHashMap<>();
  private EngineServer engine;
  private String url;

  @BeforeAll
  static void clientInstalled() {
    NodeScript.requireInstalled("engine.io-client");
  }

  @BeforeEach
  void startEchoEndpoint(Vertx vertx, VertxTestContext test) {
    EngineOptions options = new EngineOptions().setPath(PATH);
    engine = EngineServer.create(vertx, options).connectionHandler(this::echo);
    // As SocketGatewayVerticle does: a WebSocket message may be as large as a polling payload.
    HttpServerOptions serverOptions = new HttpServerOptions()
      .setHost("127.0.0.1")
      .setMaxWebSocketMessageSize(options.getMaxPayload())
      .setMaxWebSocketFrameSize(options.getMaxPayload());
    vertx.createHttpServer(serverOptions)
      .requestHandler(engine::handle)
      .listen(0)
      .onComplete(test.succeeding(server -> {
        url = "http://127.0.0.1:" + server.actualPort() + PATH;
        test.completeNow();
      }));
  }

  private void echo(EngineSocket socket) {
    SessionLog log = new SessionLog(socket.transport());
    sessions.put(socket.id(), log);
    socket
      .messageHandler(text -> {
        log.received.add("text@" + socket.transport());
        socket.send(text);
      })
      .binaryHandler(data -> {
        log.received.add("binary@" + socket.transport());
        socket.send(data);
      })
      .closeHandler(log.closeReason::complete);
  }

  @Test
  void pollingOnly() {
    JsonObject result = runClient("polling");
    assertEquals("polling", result.getString("transportAtOpen"));
    assertEquals("polling", result.getString("transportAtEnd"));
    assertFalse(result.getBoolean("upgraded"));

    SessionLog log = serverSideOf(result);
    assertEquals("polling", log.openedOn);
    assertEquals(sentAs(result, "polling"), log.received);
  }

  @Test
  void webSocketOnly() {
    JsonObject result = runClient("websocket");
    assertEquals("websocket", result.getString("transportAtOpen"));
    assertEquals("websocket", result.getString("transportAtEnd"));
    assertFalse(result.getBoolean("upgraded"));

    SessionLog log = serverSideOf(result);
    assertEquals("websocket", log.openedOn);
    assertEquals(sentAs(result, "websocket"), log.received);
  }

  @Test
  void pollingThenUpgradeToWebSocket() {
    JsonObject result = runClient("upgrade");
    assertEquals("polling", result.getString("transportAtOpen"));
    assertTrue(result.getBoolean("upgraded"), result.encodePrettily());
    assertEquals("websocket", result.getString("upgradeTransport"));
    assertEquals("websocket", result.getString("transportAtEnd"));

    SessionLog log = serverSideOf(result);
    assertEquals("polling", log.openedOn);
    // The first message goes out on polling before the probe; the rest after the 'upgrade' event.
    List<String> sent = sentAs(result, "websocket");
    sent.set(0, sent.get(0).replace("@websocket", "@polling"));
    assertEquals(sent, log.received);
  }

  /** Runs the script; asserts it succeeded, every echo matched, and it closed the socket itself. */
  private JsonObject runClient(String mode) {
    NodeScript.Run run = NodeScript.run(SCRIPT, SCRIPT_TIMEOUT, url, mode);
    assertEquals(0, run.exitCode(), run.describe());
    JsonObject result = run.json();
    assertTrue(result.getBoolean("ok"), run.describe());
    assertEquals(mode, result.getString("mode"));
    JsonArray sent = result.getJsonArray("sent");
    JsonArray echoes = result.getJsonArray("echoes");
    assertEquals(sent.size(), echoes.size(), run.describe());
    for (int i = 0; i < sent.size(); i++) {
      JsonObject echo = echoes.getJsonObject(i);
      assertTrue(echo.getBoolean("ok"), run.describe());
      assertEquals(sent.getJsonObject(i).getString("kind"), echo.getString("kind"), "echo " + echo.getString("name"));
      assertEquals(sent.getJsonObject(i).getInteger("length"), echo.getInteger("length"), "echo " + echo.getString("name"));
    }
    assertEquals("forced close", result.getString("closeReason"), "the client closed the socket itself");
    return result;
  }

  /** The server's log of the client's session, once the session has ended, and no session left over. */
  private SessionLog serverSideOf(JsonObject result) {
    String sid = result.getString("sid");
    SessionLog log = sessions.get(sid);
    assertNotNull(log, "the server saw no session " + sid + "; it saw " + sessions.keySet());
    assertEquals("transport close", await(log.closeReason), "a client that says goodbye closes its transport");
    Poll.until(SERVER_TIMEOUT, "clientsCount() to return to 0", () -> engine.clientsCount() == 0 ? true : null);
    assertEquals(1, sessions.size(), "one session per client run");
    return log;
  }

  /** What the client says it sent, as the server should have logged it over {@code transport}. */
  private static List<String> sentAs(JsonObject result, String transport) {
    return result.getJsonArray("sent").stream()
      .map(sent -> ((JsonObject) sent).getString("kind") + "@" + transport)
      .collect(Collectors.toList());
  }

  private static String await(CompletableFuture<String> future) {
    try {
      return future.get(SERVER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the server did not close the session within " + SERVER_TIMEOUT, e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
