package io.roomcast.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the main verticle's configuration comes from, read so that a bad {@code -conf} stops start-up.
 *
 * <p>The Vert.x launcher reads {@code -conf FILE} itself, but when the file is missing or is not
 * valid JSON it only logs a warning and deploys with {@code {}}: Roomcast would then run on
 * defaults, on the wrong port, without anyone noticing. So the main verticle looks at the
 * process's own {@code -conf} argument and reads that file again, failing with a message that
 * names it. Without {@code -conf} (embedded, or in tests) the deployment config is used as given.
 */
final class ConfigSource {

  private ConfigSource() {
  }

  /** The configuration JSON and a name for it, for error messages. */
  record Loaded(JsonObject json, String origin) {
  }

  /**
   * Reads the configuration named by this process's {@code -conf} argument, or falls back to the
   * deployment's config when there is none.
   */
  static Future<Loaded> load(Vertx vertx, JsonObject deploymentConfig) {
    Optional<String> conf = confArgument(processArguments());
    if (conf.isEmpty()) {
      return Future.succeededFuture(new Loaded(deploymentConfig, "deployment config"));
    }
    return load(vertx, conf.get());
  }

  /** Reads {@code value} as the launcher does: a JSON file name, or else inline JSON. */
  static Future<Loaded> load(Vertx vertx, String value) {
    String trimmed = value.trim();
    if (trimmed.startsWith("{")) {
      return Future.succeededFuture(new Loaded(parse(trimmed, "-conf JSON"), "-conf JSON"));
    }
    String origin = "config file '" + value + "'";
    return vertx.fileSystem().exists(value).compose(exists -> {
      if (!exists) {
        return Future.failedFuture(new ConfigException("Roomcast " + origin + " does not exist"));
      }
      return vertx.fileSystem().readFile(value)
        .map(bytes -> new Loaded(parse(bytes.toString(), origin), origin));
    });
  }

  private static JsonObject parse(String text, String origin) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("Roomcast " + origin + " is not a valid JSON object: " + e.getMessage());
    }
  }

  /** The value of {@code -conf}/{@code --conf} (any case, also {@code --conf=value}), if given. */
  static Optional<String> confArgument(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String lower = arg.toLowerCase(Locale.ROOT);
      if ((lower.equals("-conf") || lower.equals("--conf")) && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
      if (lower.startsWith("-conf=") || lower.startsWith("--conf=")) {
        return Optional.of(arg.substring(arg.indexOf('=') + 1));
      }
    }
    return Optional.empty();
  }

  private static List<String> processArguments() {
    return ProcessHandle.current().info().arguments().map(Arrays::asList).orElse(List.of());
  }
}
