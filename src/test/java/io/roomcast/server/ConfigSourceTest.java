package io.roomcast.server;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ConfigSourceTest {

  @Test
  void findsTheConfArgumentInAnySpelling() {
    assertEquals(Optional.of("a.json"), ConfigSource.confArgument(List.of("-jar", "x.jar", "-conf", "a.json")));
    assertEquals(Optional.of("b.json"), ConfigSource.confArgument(List.of("--conf", "b.json", "--cluster")));
    assertEquals(Optional.of("c.json"), ConfigSource.confArgument(List.of("--conf=c.json")));
    assertEquals(Optional.of("d.json"), ConfigSource.confArgument(List.of("-CONF", "d.json")));
    assertEquals(Optional.empty(), ConfigSource.confArgument(List.of("--cluster", "--instances", "2")));
  }

  @Test
  void readsAValidFile(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("ok.json"), "{\"http\":{\"port\":1234}}");
    ConfigSource.load(vertx, file.toString()).onComplete(test.succeeding(loaded -> test.verify(() -> {
      assertEquals(1234, loaded.json().getJsonObject("http").getInteger("port"));
      assertTrue(loaded.origin().contains(file.toString()));
      test.completeNow();
    })));
  }

  @Test
  void missingFileFailsNamingTheFile(Vertx vertx, VertxTestContext test, @TempDir Path dir) {
    String missing = dir.resolve("missing.json").toString();
    ConfigSource.load(vertx, missing).onComplete(test.failing(e -> test.verify(() -> {
      assertInstanceOf(ConfigException.class, e);
      assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("does not exist"), e.getMessage());
      test.completeNow();
    })));
  }

  @Test
  void malformedFileFailsNamingTheFile(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("broken.json"), "{\"http\": {\"port\": 80");
    ConfigSource.load(vertx, file.toString()).onComplete(test.failing(e -> test.verify(() -> {
      assertInstanceOf(ConfigException.class, e);
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a valid JSON"), e.getMessage());
      test.completeNow();
    })));
  }

  @Test
  void fileHoldingAnArrayIsRefused(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("array.json"), "[1,2]");
    ConfigSource.load(vertx, file.toString()).onComplete(test.failing(e -> test.verify(() -> {
      assertInstanceOf(ConfigException.class, e);
      test.completeNow();
    })));
  }

  @Test
  void inlineJsonIsAccepted(Vertx vertx, VertxTestContext test) {
    ConfigSource.load(vertx, "{\"http\":{\"port\":4321}}").onComplete(test.succeeding(loaded -> test.verify(() -> {
      assertEquals(4321, loaded.json().getJsonObject("http").getInteger("port"));
      test.completeNow();
    })));
  }
}
