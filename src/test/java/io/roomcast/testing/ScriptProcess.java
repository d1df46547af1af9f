package io.roomcast.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test script (a client we did not write: node, python) from the repo root to its end.
 * Output goes to files, so a chatty script can never block on a full pipe. {@link NodeScript} and
 * {@link PythonScript} build the command lines.
 */
public final class ScriptProcess {

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

  /** The repo root: Maven runs the tests there. */
  static final Path ROOT = Path.of("").toAbsolutePath();

  private ScriptProcess() {
  }

  /**
   * Runs {@code command} in the repo root; kills it and fails if it outlives {@code timeout}.
   * {@code hint} says what to check when the program cannot be started at all.
   */
  public static Run run(List<String> command, Duration timeout, String hint) {
    Path stdout = null;
    Path stderr = null;
    try {
      stdout = Files.createTempFile("roomcast-script-", ".out");
      stderr = Files.createTempFile("roomcast-script-", ".err");
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
      throw new UncheckedIOException("could not run " + String.join(" ", command) + " (" + hint + ")", e);
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
