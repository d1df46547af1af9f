package io.roomcast.chat;

import io.roomcast.server.RoomcastVerticle;
import io.roomcast.testing.Clusters;
import io.roomcast.testing.HttpGet;
import io.roomcast.testing.NodeScript;
import io.roomcast.testing.Poll;
import io.roomcast.testing.Ports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat page in a real browser: Debian's Chromium, driven by playwright-core through
 * {@code src/test/node/chat-browser-scenario.mjs}, with two people (two browser contexts), on one
 * in-process Roomcast, and on two clustered instances (each person on their own). The script
 * checks what each page shows; this side checks it passed and left a screenshot of the first
 * person's page under {@code target/}.
 */
@ExtendWith(VertxExtension.class)
class ChatBrowserTest {

  private static final String SCRIPT = "chat-browser-scenario.mjs";
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path SCREENSHOTS = TARGET.resolve("screenshots");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  /** The script gives up after 60 s by itself; this only catches a script that hangs anyway. */
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration START = Duration.ofSeconds(60);

  private final List<Vertx> members = new ArrayList<>();

  @BeforeEach
  void browserIsInstalled() {
    // A failure, not a skip: CI installs the browser (.ci/run), so its absence is a broken machine.
    assertTrue(Files.isExecutable(CHROMIUM), "Debian's Chromium is missing at " + CHROMIUM
      + ": install it with `apt-get install chromium chromium-driver` (.ci/run does)");
    NodeScript.requireInstalled("playwright-core");
  }

  @AfterEach
  void closeMembers() throws Exception {
    for (Vertx member : members) {
      member.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoPeopleChatInTheirBrowsers(Vertx vertx) throws Exception {
    int port = deploy(vertx);
    runScenario("chat-browser.png", url(port));
  }

  /** The "done when": two browsers on two instances chat as if on one server. */
  @Test
  void twoPeopleOnTwoClusteredInstancesChatInTheirBrowsers(Vertx vertx) throws Exception {
    String cluster = Clusters.randomName();
    int first = deploy(member(cluster));
    int second = deploy(member(cluster));
    for (int port : new int[] {first, second}) {
      Poll.until(START, "/health on port " + port + " to list 2 members",
        () -> memberCount(vertx, port) == 2 ? Boolean.TRUE : null);
    }
    runScenario("chat-browser-cluster.png", url(first), url(second));
  }

  private void runScenario(String screenshotName, String... urls) throws IOException {
    Path screenshot = SCREENSHOTS.resolve(screenshotName);
    Files.deleteIfExists(screenshot);
    List<String> args = new ArrayList<>(List.of(urls[0], screenshot.toString()));
    args.addAll(Arrays.asList(urls).subList(1, urls.length));

    NodeScript.Run run = NodeScript.run(SCRIPT, SCRIPT_TIMEOUT, args.toArray(String[]::new));

    assertEquals(0, run.exitCode(), run.describe());
    JsonObject result = run.json();
    assertTrue(result.getBoolean("ok"), run.describe());
    assertEquals(screenshot.toString(), result.getString("screenshot"), run.describe());
    assertTrue(screenshot.startsWith(TARGET), screenshot + " is under " + TARGET);
    assertTrue(Files.isRegularFile(screenshot), "no screenshot at " + screenshot + "\n" + run.describe());
    byte[] png = Files.readAllBytes(screenshot);
    assertTrue(png.length > 1_000, "a screenshot of " + png.length + " bytes");
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length), screenshot + " is a PNG");
  }

  private Vertx member(String cluster) throws Exception {
    Vertx member = Clusters.member(cluster).await(START.toSeconds(), TimeUnit.SECONDS);
    members.add(member);
    return member;
  }

  /** Deploys a Roomcast node as the launcher does, on a free port of its own. */
  private static int deploy(Vertx vertx) throws Exception {
    int port = Ports.free();
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", port).put("host", "127.0.0.1"));
    Future<String> deployed = vertx.deployVerticle(RoomcastVerticle.class.getName(), new DeploymentOptions().setConfig(config));
    deployed.await(START.toSeconds(), TimeUnit.SECONDS);
    return port;
  }

  private static int memberCount(Vertx vertx, int port) {
    try {
      return HttpGet.get(vertx, port, "/health").await(10, TimeUnit.SECONDS).json().getJsonArray("members").size();
    } catch (java.util.concurrent.TimeoutException e) {
      return -1;
    }
  }

  private static String url(int port) {
    return "http://127.0.0.1:" + port;
  }
}
