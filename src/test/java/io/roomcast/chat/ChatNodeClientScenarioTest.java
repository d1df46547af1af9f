package io.roomcast.chat;

import io.roomcast.testing.InProcessRoomcast;
import io.roomcast.testing.NodeScript;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat of MISSION.md with the official Node {@code socket.io-client} (npm), driven through
 * {@code src/test/node/chat-scenario.mjs} against Roomcast deployed in-process: nicknames, rooms,
 * welcome/bye/room_change with counts, messages, members, history, every validation rule, the
 * rooms-per-connection cap and the rate limit. The script checks what the clients see; this side
 * checks that nothing stays behind on the server afterwards.
 */
@ExtendWith(VertxExtension.class)
class ChatNodeClientScenarioTest {

  private static final String SCRIPT = "chat-scenario.mjs";
  /** The script gives up after 30 s by itself; this only catches a script that hangs anyway. */
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

  @BeforeAll
  static void clientInstalled() {
    NodeScript.requireInstalled("socket.io-client");
  }

  /** With two gateways, the clients' connections are spread over both: rooms and broadcasts span them. */
  @ParameterizedTest(name = "{1} with {0} gateway(s)")
  @CsvSource({"1, websocket", "1, polling", "2, websocket"})
  void chatScenario(int gateways, String transport, Vertx vertx) {
    InProcessRoomcast server = InProcessRoomcast.deploy(vertx, gateways, ChatLimits.CONFIG);
    NodeScript.Run run = NodeScript.run(SCRIPT, SCRIPT_TIMEOUT, server.url(), transport);
    assertEquals(0, run.exitCode(), run.describe());
    JsonObject result = run.json();
    assertTrue(result.getBoolean("ok"), run.describe());
    assertEquals(transport, result.getString("transport"), run.describe());
    assertTrue(result.getInteger("checked") > 200, "the whole scenario ran: " + run.describe());
    server.awaitIdle();
  }
}
