package io.roomcast.chat;

import io.roomcast.testing.InProcessRoomcast;
import io.roomcast.testing.PythonScript;
import io.roomcast.testing.ScriptProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat of MISSION.md with the Python Socket.IO client (Debian's {@code python3-socketio} 5.7,
 * which {@code .ci/run} installs), driven through {@code src/test/python/chat_scenario.py} against
 * Roomcast deployed in-process, over WebSocket and over long-polling only. The script checks what
 * the clients see; this side checks that nothing stays behind on the server afterwards.
 */
@ExtendWith(VertxExtension.class)
class ChatPythonClientScenarioTest {

  private static final String SCRIPT = "chat_scenario.py";
  /** The script gives up after 30 s by itself; this only catches a script that hangs anyway. */
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

  @BeforeAll
  static void clientInstalled() {
    PythonScript.requireModules(List.of("socketio", "engineio", "websocket", "requests"),
      "python3-socketio python3-websocket python3-requests");
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"websocket", "polling"})
  void chatScenario(String transport, Vertx vertx) {
    InProcessRoomcast server = InProcessRoomcast.deploy(vertx, 1, ChatLimits.CONFIG);
    ScriptProcess.Run run = PythonScript.run(SCRIPT, SCRIPT_TIMEOUT, server.url(), transport);
    assertEquals(0, run.exitCode(), run.describe());
    JsonObject result = run.json();
    assertTrue(result.getBoolean("ok"), run.describe());
    assertEquals(transport, result.getString("transport"), run.describe());
    assertTrue(result.getInteger("checked") > 50, "the whole scenario ran: " + run.describe());
    server.awaitIdle();
  }
}
