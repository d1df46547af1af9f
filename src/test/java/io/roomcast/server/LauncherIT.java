package io.roomcast.server;

import io.roomcast.testing.Clusters;
import io.roomcast.testing.Poll;
import io.roomcast.testing.Ports;
import io.roomcast.testing.RoomcastProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The fat jar as users run it: {@code java -jar target/roomcast.jar ...}. */
class LauncherIT {

  private static final Duration START = Duration.ofSeconds(60);
  private static final String MODULAR_WARNING = "Hazelcast is starting in a Java modular environment";
  private static final String TEMURIN_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

  private static JsonObject healthWhen(RoomcastProcess node, java.util.function.Predicate<JsonObject> condition) {
    return Poll.until(START, "/health on port " + node.httpPort() + " to satisfy the condition; output:\n" + node.output(), () -> {
      assertTrue(node.process().isAlive(), () -> "process died:\n" + node.output());
      HttpResponse<String> response = node.get("/health");
      if (response == null || response.statusCode() != 200) {
        return null;
      }
      JsonObject health = new JsonObject(response.body());
      return condition.test(health) ? health : null;
    });
  }

  @Test
  void runsStandaloneAndServesTheWebroot() {
    try (RoomcastProcess node = RoomcastProcess.start(Ports.free(), Map.of())) {
      JsonObject health = healthWhen(node, h -> true);
      assertFalse(health.getBoolean("clustered"));
      HttpResponse<String> page = node.get("/");
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("<title>Roomcast</title>"));
    }
  }

  @Test
  void readsTheShippedConfigFileAndTheEnvironmentWins() {
    int port = Ports.free();
    try (RoomcastProcess node = RoomcastProcess.start(port, Map.of(), "-conf", "conf/config.json")) {
      healthWhen(node, h -> true);
      assertEquals(200, node.get("/").statusCode(), "ROOMCAST_HTTP_PORT overrides the file's 8080");
    }
  }

  @Test
  void malformedConfigFileStopsStartupNamingTheFile(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"http\": {\"port\": 8080");
    try (RoomcastProcess node = RoomcastProcess.start(Ports.free(), Map.of(), "-conf", broken.toString())) {
      assertNotEquals(0, node.awaitExit(START));
      assertTrue(node.output().contains("config file '" + broken + "' is not a valid JSON object"), node.output());
    }
  }

  @Test
  void missingConfigFileStopsStartupNamingTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    try (RoomcastProcess node = RoomcastProcess.start(Ports.free(), Map.of(), "-conf", missing.toString())) {
      assertNotEquals(0, node.awaitExit(START));
      assertTrue(node.output().contains("config file '" + missing + "' does not exist"), node.output());
    }
  }

  @Test
  void unknownSettingStopsStartup(@TempDir Path dir) throws Exception {
    Path typo = Files.writeString(dir.resolve("typo.json"), "{\"http\": {\"prot\": 8080}}");
    try (RoomcastProcess node = RoomcastProcess.start(Ports.free(), Map.of(), "-conf", typo.toString())) {
      assertNotEquals(0, node.awaitExit(START));
      assertTrue(node.output().contains("unknown setting 'http.prot'"), node.output());
    }
  }

  @Test
  void twoClusteredProcessesFormOneClusterFromAnyWorkingDirectory(@TempDir Path elsewhere) {
    Map<String, String> env = Map.of("ROOMCAST_CLUSTER_NAME", Clusters.randomName());
    try (RoomcastProcess a = RoomcastProcess.start(Ports.free(), env, "--cluster");
         // Started away from the repo: uses the cluster.xml and webroot packed in the jar.
         RoomcastProcess b = RoomcastProcess.start(RoomcastProcess.currentJava(), elsewhere, Ports.free(), env, "--cluster")) {
      JsonObject healthA = healthWhen(a, h -> h.getJsonArray("members").size() == 2);
      JsonObject healthB = healthWhen(b, h -> h.getJsonArray("members").size() == 2);
      assertTrue(healthA.getBoolean("clustered"));
      assertEquals(Set.copyOf(healthA.getJsonArray("members").getList()), Set.copyOf(healthB.getJsonArray("members").getList()));
      assertEquals(200, b.get("/").statusCode());
      assertFalse(a.output().contains(MODULAR_WARNING), "the manifest carries Hazelcast's Add-Opens:\n" + a.output());

      b.kill();
      JsonObject alone = healthWhen(a, h -> h.getJsonArray("members").size() == 1);
      assertEquals(healthA.getString("nodeId"), alone.getJsonArray("members").getString(0));
    }
  }

  @Test
  void explicitlyNamedClusterFileMustExist() {
    Map<String, String> env = Map.of("ROOMCAST_CLUSTER_CONFIG", "/nonexistent/cluster.xml");
    try (RoomcastProcess node = RoomcastProcess.start(Ports.free(), env, "--cluster")) {
      assertNotEquals(0, node.awaitExit(START));
      assertTrue(node.output().contains("/nonexistent/cluster.xml"), node.output());
    }
  }

  @Test
  void runsOnJava25() {
    assumeTrue(Files.isExecutable(Path.of(TEMURIN_25)), "Temurin 25 is part of this machine kind");
    try (RoomcastProcess node = RoomcastProcess.start(TEMURIN_25, Path.of("").toAbsolutePath(), Ports.free(), Map.of(), "--cluster")) {
      JsonObject health = healthWhen(node, h -> true);
      assertTrue(health.getBoolean("clustered"));
      assertFalse(node.output().contains(MODULAR_WARNING), node.output());
    }
  }
}
