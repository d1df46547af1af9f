package io.roomcast.server;

import io.roomcast.chat.ChatOptions;
import io.roomcast.engineio.EngineOptions;
import io.roomcast.socketio.SocketIoOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Roomcast's settings: defaults in code, then the {@code -conf} JSON, then environment variables.
 *
 * <p>Every setting has a default here, so an empty configuration runs. A setting named
 * {@code section.someName} is overridden by the environment variable
 * {@code ROOMCAST_SECTION_SOME_NAME} (lists are comma-separated), e.g. {@code ROOMCAST_HTTP_PORT=8081}.
 * Keys starting with {@code //} are comments. Unknown keys and values of the wrong type are
 * refused, so a typo never silently falls back to a default.
 *
 * <pre>{@code
 * RoomcastConfig config = RoomcastConfig.resolve(fileJson, "conf/config.json", System.getenv());
 * int port = config.httpPort();
 * }</pre>
 */
public final class RoomcastConfig {

  static final String ENV_PREFIX = "ROOMCAST_";
  static final String COMMENT_PREFIX = "//";

  /** The default of every setting; also the schema that input is checked against. */
  static JsonObject defaults() {
    return new JsonObject()
      .put("http", new JsonObject()
        .put("host", "0.0.0.0")
        .put("port", 8080)
        .put("webroot", "webroot")
        .put("requestHeadTimeout", 60_000)
        .put("idleTimeout", 120_000)
        .put("connectionsPerIp", 0)
        .put("handshakesPerSecondPerIp", 0)
        .put("descriptorReserve", 256))
      .put("engine", new JsonObject()
        .put("path", "/socket.io/")
        .put("pingInterval", 25_000)
        .put("pingTimeout", 20_000)
        .put("upgradeTimeout", 10_000)
        .put("maxPayload", 1_000_000)
        .put("transports", new JsonArray().add(EngineOptions.POLLING).add(EngineOptions.WEBSOCKET)))
      .put("socketio", new JsonObject()
        .put("connectTimeout", 45_000)
        .put("maxAttachments", 10))
      .put("cors", new JsonObject()
        .put("origins", new JsonArray())
        .put("credentials", false))
      .put("chat", new JsonObject()
        .put("nicknameMaxLength", 32)
        .put("roomNameMaxLength", 64)
        .put("messageMaxLength", 2000)
        .put("roomsPerSocket", 10)
        .put("historySize", 50)
        .put("eventsPerSecond", 20))
      .put("conformance", new JsonObject()
        .put("enabled", false));
  }

  private final JsonObject json;

  private RoomcastConfig(JsonObject json) {
    this.json = json;
  }

  /**
   * Merges {@code given} and the environment over the defaults and checks the result.
   *
   * @param given  the configuration passed to the launcher ({@code -conf}); may be empty
   * @param origin where {@code given} came from, for error messages (a file name)
   * @param env    environment variables
   * @throws ConfigException naming {@code origin} and the setting at fault
   */
  public static RoomcastConfig resolve(JsonObject given, String origin, Map<String, String> env) {
    JsonObject merged = defaults();
    mergeChecked(merged, given, "", origin);
    applyEnvironment(merged, "", env);
    RoomcastConfig config = new RoomcastConfig(merged);
    config.validate(origin);
    return config;
  }

  /** Wraps a configuration that {@link #resolve} already produced (as deployed verticles receive it). */
  public static RoomcastConfig of(JsonObject resolved) {
    JsonObject merged = defaults();
    mergeChecked(merged, resolved, "", "deployment config");
    return new RoomcastConfig(merged);
  }

  /** The complete configuration, to hand to deployed verticles. */
  public JsonObject toJson() {
    return json.copy();
  }

  public String httpHost() {
    return section("http").getString("host");
  }

  public int httpPort() {
    return section("http").getInteger("port");
  }

  public String webroot() {
    return section("http").getString("webroot");
  }

  /** Milliseconds without a byte either way after which an HTTP connection is closed. */
  public int httpIdleTimeout() {
    return section("http").getInteger("idleTimeout");
  }

  /** What {@link ConnectionGuard} enforces. */
  ConnectionGuard.Limits connectionLimits() {
    JsonObject http = section("http");
    return new ConnectionGuard.Limits(http.getInteger("requestHeadTimeout"), http.getInteger("connectionsPerIp"),
      http.getInteger("handshakesPerSecondPerIp"), http.getInteger("descriptorReserve"));
  }

  /** The Engine.IO settings of the Socket.IO endpoint. */
  public EngineOptions engineOptions() {
    JsonObject engine = section("engine");
    JsonObject cors = section("cors");
    return new EngineOptions()
      .setPath(engine.getString("path"))
      .setPingInterval(engine.getInteger("pingInterval"))
      .setPingTimeout(engine.getInteger("pingTimeout"))
      .setUpgradeTimeout(engine.getInteger("upgradeTimeout"))
      .setMaxPayload(engine.getInteger("maxPayload"))
      .setTransports(Set.copyOf(strings(engine.getJsonArray("transports"))))
      .setCorsOrigins(strings(cors.getJsonArray("origins")))
      .setCorsCredentials(cors.getBoolean("credentials"));
  }

  /** The Socket.IO server settings. */
  public SocketIoOptions socketIoOptions() {
    JsonObject socketio = section("socketio");
    return new SocketIoOptions()
      .setConnectTimeout(socketio.getInteger("connectTimeout"))
      .setMaxAttachments(socketio.getInteger("maxAttachments"));
  }

  /** The chat's limits. */
  public ChatOptions chatOptions() {
    JsonObject chat = section("chat");
    return new ChatOptions(chat.getInteger("nicknameMaxLength"), chat.getInteger("roomNameMaxLength"),
      chat.getInteger("messageMaxLength"), chat.getInteger("roomsPerSocket"), chat.getInteger("historySize"),
      chat.getInteger("eventsPerSecond"));
  }

  /** Whether the extra endpoints the official protocol test suites expect are on. */
  public boolean conformance() {
    return section("conformance").getBoolean("enabled");
  }

  private static List<String> strings(JsonArray array) {
    List<String> result = new ArrayList<>();
    array.forEach(value -> result.add((String) value));
    return result;
  }

  private JsonObject section(String name) {
    return json.getJsonObject(name);
  }

  private void validate(String origin) {
    int port = httpPort();
    if (port < 0 || port > 65535) {
      throw new ConfigException(origin + ": http.port must be between 0 and 65535, not " + port);
    }
    JsonObject http = section("http");
    for (String key : List.of("requestHeadTimeout", "idleTimeout")) {
      if (http.getInteger(key) <= 0) {
        throw new ConfigException(origin + ": http." + key + " must be positive, not " + http.getInteger(key));
      }
    }
    for (String key : List.of("connectionsPerIp", "handshakesPerSecondPerIp", "descriptorReserve")) {
      if (http.getInteger(key) < 0) {
        throw new ConfigException(origin + ": http." + key + " must not be negative, not " + http.getInteger(key));
      }
    }
    JsonObject engine = section("engine");
    for (String key : List.of("pingInterval", "pingTimeout", "upgradeTimeout", "maxPayload")) {
      if (engine.getInteger(key) <= 0) {
        throw new ConfigException(origin + ": engine." + key + " must be positive, not " + engine.getInteger(key));
      }
    }
    JsonObject chat = section("chat");
    for (String key : chat.fieldNames()) {
      if (chat.getInteger(key) < 1) {
        throw new ConfigException(origin + ": chat." + key + " must be at least 1, not " + chat.getInteger(key));
      }
    }
    JsonObject socketio = section("socketio");
    if (socketio.getInteger("connectTimeout") < 1000) {
      throw new ConfigException(origin + ": socketio.connectTimeout must be at least 1000 ms, not " + socketio.getInteger("connectTimeout"));
    }
    if (socketio.getInteger("maxAttachments") < 1) {
      throw new ConfigException(origin + ": socketio.maxAttachments must be at least 1");
    }
    if (!engine.getString("path").startsWith("/")) {
      throw new ConfigException(origin + ": engine.path must start with /, not " + engine.getString("path"));
    }
    List<String> transports = strings(engine.getJsonArray("transports"));
    if (transports.isEmpty() || !List.of(EngineOptions.POLLING, EngineOptions.WEBSOCKET).containsAll(transports)) {
      throw new ConfigException(origin + ": engine.transports must list polling and/or websocket, not " + transports);
    }
  }

  private static void mergeChecked(JsonObject target, JsonObject given, String path, String origin) {
    for (Map.Entry<String, Object> entry : given) {
      String key = entry.getKey();
      if (key.startsWith(COMMENT_PREFIX)) {
        continue;
      }
      String name = path + key;
      if (!target.containsKey(key)) {
        throw new ConfigException(origin + ": unknown setting '" + name + "' (known here: " + known(target, path) + ")");
      }
      Object expected = target.getValue(key);
      Object value = entry.getValue();
      if (expected instanceof JsonObject) {
        if (!(value instanceof JsonObject)) {
          throw new ConfigException(origin + ": '" + name + "' must be an object");
        }
        mergeChecked((JsonObject) expected, (JsonObject) value, name + ".", origin);
      } else {
        target.put(key, coerce(expected, value, name, origin));
      }
    }
  }

  private static String known(JsonObject target, String path) {
    List<String> names = new ArrayList<>();
    for (String key : target.fieldNames()) {
      names.add(path + key);
    }
    return String.join(", ", names);
  }

  private static Object coerce(Object expected, Object value, String name, String origin) {
    if (expected instanceof Integer) {
      if (value instanceof Number && ((Number) value).doubleValue() == ((Number) value).intValue()) {
        return ((Number) value).intValue();
      }
      throw new ConfigException(origin + ": '" + name + "' must be a whole number, not " + value);
    }
    if (expected instanceof Boolean) {
      if (value instanceof Boolean) {
        return value;
      }
      throw new ConfigException(origin + ": '" + name + "' must be true or false, not " + value);
    }
    if (expected instanceof String) {
      if (value instanceof String) {
        return value;
      }
      throw new ConfigException(origin + ": '" + name + "' must be a string, not " + value);
    }
    if (expected instanceof JsonArray) {
      if (value instanceof JsonArray && ((JsonArray) value).stream().allMatch(String.class::isInstance)) {
        return value;
      }
      throw new ConfigException(origin + ": '" + name + "' must be a list of strings, not " + value);
    }
    throw new IllegalStateException("no rule for the type of " + name);
  }

  private static void applyEnvironment(JsonObject target, String path, Map<String, String> env) {
    for (String key : List.copyOf(target.fieldNames())) {
      Object current = target.getValue(key);
      String name = path + key;
      if (current instanceof JsonObject) {
        applyEnvironment((JsonObject) current, name + ".", env);
        continue;
      }
      String variable = envName(name);
      String text = env.get(variable);
      if (text != null) {
        target.put(key, parseEnv(current, text.trim(), variable));
      }
    }
  }

  /** {@code engine.pingInterval} becomes {@code ROOMCAST_ENGINE_PING_INTERVAL}. */
  static String envName(String setting) {
    String snake = setting.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2");
    return ENV_PREFIX + snake.toUpperCase(Locale.ROOT);
  }

  private static Object parseEnv(Object expected, String text, String variable) {
    try {
      if (expected instanceof Integer) {
        return Integer.parseInt(text);
      }
    } catch (NumberFormatException e) {
      throw new ConfigException("environment variable " + variable + " must be a whole number, not '" + text + "'");
    }
    if (expected instanceof Boolean) {
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(text);
      }
      throw new ConfigException("environment variable " + variable + " must be true or false, not '" + text + "'");
    }
    if (expected instanceof JsonArray) {
      JsonArray list = new JsonArray();
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          list.add(part.trim());
        }
      }
      return list;
    }
    return text;
  }
}
