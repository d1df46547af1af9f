package io.roomcast.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code node src/test/node/SCRIPT ARGS...} from the repo root, so the script finds the official
 * clients that {@code npm ci} put in {@code node_modules/}. Output goes to files, so a chatty
 * script ({@code DEBUG=engine.io-client:*}) can never block on a full pipe.
 */
public final class NodeScript {

  /** What a finished run printed, and how it ended. */
  public record Run(int exitCode, String stdout, String stderr) {

    /** The last line of stdout as JSON: the scripts print their results as one line. */
    public JsonObject json() {
      String[] lines = stdout.strip().split("\n");
      return new JsonObject(lines[lines.length - 1]);
    }

    /** For assertion messages. */
    public String describe() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private static final Path ROOT = Path.of("").toAbsolutePath();

  private NodeScript() {
  }

  /** Fails with a hint if {@code npm ci} has not installed {@code module}. */
  public static void requireInstalled(String module) {
    if (!Files.isRegularFile(ROOT.resolve("node_modules").resolve(module).resolve("package.json"))) {
      throw new AssertionError("node_modules/" + module + " is missing: run `npm ci` in " + ROOT
        + " (mvn does it unless -Dskip.npm=true)");
    }
  }

  /** Runs the script to its end; kills it and fails if it outlives {@code timeout}. */
  public static Run run(String script, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("node", ROOT.resolve("src/test/node").resolve(script).toString()));
    command.addAll(List.of(args));
    Path stdout = null;
    Path stderr = null;
    try {
      stdout = Files.createTempFile("roomcast-node-", ".out");
      stderr = Files.createTempFile("roomcast-node-", ".err");
      Process process = new ProcessBuilder(command)
        .directory(ROOT.toFile())
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " still running after " + timeout
          + "\n--- stdout\n" + Files.readString(stdout) + "--- stderr\n" + Files.readString(stderr));
      }
      return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", command) + " (is node on PATH?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      delete(stdout);
      delete(stderr);
    }
  }

  private static void delete(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
