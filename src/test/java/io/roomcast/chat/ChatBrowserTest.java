package io.roomcast.chat;

import io.roomcast.server.RoomcastVerticle;
import io.roomcast.testing.NodeScript;
import io.roomcast.testing.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat page in a real browser: Debian's Chromium, driven by playwright-core through
 * {@code src/test/node/chat-browser-scenario.mjs}, with two people (two browser contexts) on one
 * in-process Roomcast. The script checks what each page shows; this side checks it passed and left
 * a screenshot of the first person's page under {@code target/}.
 */
@ExtendWith(VertxExtension.class)
class ChatBrowserTest {

  private static final String SCRIPT = "chat-browser-scenario.mjs";
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path SCREENSHOT = TARGET.resolve("screenshots").resolve("chat-browser.png");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  /** The script gives up after 60 s by itself; this only catches a script that hangs anyway. */
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

  private int port;

  @BeforeEach
  void deployRoomcast(Vertx vertx, VertxTestContext test) {
    // A failure, not a skip: CI installs the browser (.ci/run), so its absence is a broken machine.
    assertTrue(Files.isExecutable(CHROMIUM), "Debian's Chromium is missing at " + CHROMIUM
      + ": install it with `apt-get install chromium chromium-driver` (.ci/run does)");
    NodeScript.requireInstalled("playwright-core");
    port = Ports.free();
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", port).put("host", "127.0.0.1"));
    vertx.deployVerticle(RoomcastVerticle.class.getName(), new DeploymentOptions().setConfig(config))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  void twoPeopleChatInTheirBrowsers() throws IOException {
    Files.deleteIfExists(SCREENSHOT);

    NodeScript.Run run = NodeScript.run(SCRIPT, SCRIPT_TIMEOUT, "http://127.0.0.1:" + port, SCREENSHOT.toString());

    assertEquals(0, run.exitCode(), run.describe());
    JsonObject result = run.json();
    assertTrue(result.getBoolean("ok"), run.describe());
    assertEquals(SCREENSHOT.toString(), result.getString("screenshot"), run.describe());
    assertTrue(SCREENSHOT.startsWith(TARGET), SCREENSHOT + " is under " + TARGET);
    assertTrue(Files.isRegularFile(SCREENSHOT), "no screenshot at " + SCREENSHOT + "\n" + run.describe());
    byte[] png = Files.readAllBytes(SCREENSHOT);
    assertTrue(png.length > 1_000, "a screenshot of " + png.length + " bytes");
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length), SCREENSHOT + " is a PNG");
  }
}
