package io.roomcast.server;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomcastConfigTest {

  @Test
  void emptyConfigGivesTheDefaults() {
    RoomcastConfig config = RoomcastConfig.resolve(new JsonObject(), "test", Map.of());
    assertEquals(8080, config.httpPort());
    assertEquals("0.0.0.0", config.httpHost());
    assertEquals("webroot", config.webroot());
  }

  @Test
  void fileValuesOverrideDefaultsAndCommentsAreIgnored() {
    JsonObject given = new JsonObject("{\"//\":\"note\",\"http\":{\"// port\":\"why\",\"port\":9000}}");
    RoomcastConfig config = RoomcastConfig.resolve(given, "test", Map.of());
    assertEquals(9000, config.httpPort());
    assertEquals("0.0.0.0", config.httpHost());
  }

  @Test
  void environmentOverridesTheFile() {
    JsonObject given = new JsonObject().put("http", new JsonObject().put("port", 9000));
    RoomcastConfig config = RoomcastConfig.resolve(given, "test", Map.of("ROOMCAST_HTTP_PORT", "8181", "ROOMCAST_HTTP_HOST", "127.0.0.1"));
    assertEquals(8181, config.httpPort());
    assertEquals("127.0.0.1", config.httpHost());
  }

  @Test
  void environmentNamesFollowTheSettingPath() {
    assertEquals("ROOMCAST_HTTP_PORT", RoomcastConfig.envName("http.port"));
    assertEquals("ROOMCAST_ENGINE_PING_INTERVAL", RoomcastConfig.envName("engine.pingInterval"));
  }

  @Test
  void unknownSettingIsRefusedWithItsNameAndOrigin() {
    JsonObject given = new JsonObject().put("http", new JsonObject().put("prot", 1));
    ConfigException e = assertThrows(ConfigException.class, () -> RoomcastConfig.resolve(given, "conf/x.json", Map.of()));
    assertTrue(e.getMessage().contains("conf/x.json"), e.getMessage());
    assertTrue(e.getMessage().contains("http.prot"), e.getMessage());
  }

  @Test
  void wrongTypeIsRefused() {
    JsonObject given = new JsonObject().put("http", new JsonObject().put("port", "eighty"));
    ConfigException e = assertThrows(ConfigException.class, () -> RoomcastConfig.resolve(given, "conf/x.json", Map.of()));
    assertTrue(e.getMessage().contains("http.port"), e.getMessage());
  }

  @Test
  void sectionThatIsNotAnObjectIsRefused() {
    JsonObject given = new JsonObject().put("http", 8080);
    assertThrows(ConfigException.class, () -> RoomcastConfig.resolve(given, "conf/x.json", Map.of()));
  }

  @Test
  void badEnvironmentValueIsRefusedWithTheVariableName() {
    ConfigException e = assertThrows(ConfigException.class,
      () -> RoomcastConfig.resolve(new JsonObject(), "test", Map.of("ROOMCAST_HTTP_PORT", "x")));
    assertTrue(e.getMessage().contains("ROOMCAST_HTTP_PORT"), e.getMessage());
  }

  @Test
  void portOutOfRangeIsRefused() {
    assertThrows(ConfigException.class,
      () -> RoomcastConfig.resolve(new JsonObject(), "test", Map.of("ROOMCAST_HTTP_PORT", "70000")));
  }

  @Test
  void theShippedConfigFileHoldsTheDefaults() throws Exception {
    JsonObject shipped = new JsonObject(java.nio.file.Files.readString(java.nio.file.Path.of("conf", "config.json")));
    RoomcastConfig fromFile = RoomcastConfig.resolve(shipped, "conf/config.json", Map.of());
    assertEquals(RoomcastConfig.resolve(new JsonObject(), "defaults", Map.of()).toJson(), fromFile.toJson());
  }
}
