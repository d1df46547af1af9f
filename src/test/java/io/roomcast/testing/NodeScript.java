package io.roomcast.testing;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code node src/test/node/SCRIPT ARGS...} from the repo root, so the script finds the official
 * clients that {@code npm ci} put in {@code node_modules/}. Output goes to files (see
 * {@link ScriptProcess}), so a chatty script ({@code DEBUG=engine.io-client:*}) can never block on
 * a full pipe.
 */
public final class NodeScript {

  /** What a finished run printed, and how it ended. */
  public record Run(int exitCode, String stdout, String stderr) {

    /** The last line of stdout as JSON: the scripts print their results as one line. */
    public JsonObject json() {
      return asScriptRun().json();
    }

    /** For assertion messages. */
    public String describe() {
      return asScriptRun().describe();
    }

    private ScriptProcess.Run asScriptRun() {
      return new ScriptProcess.Run(exitCode, stdout, stderr);
    }
  }

  private NodeScript() {
  }

  /** Fails with a hint if {@code npm ci} has not installed {@code module}. */
  public static void requireInstalled(String module) {
    if (!Files.isRegularFile(ScriptProcess.ROOT.resolve("node_modules").resolve(module).resolve("package.json"))) {
      throw new AssertionError("node_modules/" + module + " is missing: run `npm ci` in " + ScriptProcess.ROOT
        + " (mvn does it unless -Dskip.npm=true)");
    }
  }

  /** Runs the script to its end; kills it and fails if it outlives {@code timeout}. */
  public static Run run(String script, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("node", ScriptProcess.ROOT.resolve("src/test/node").resolve(script).toString()));
    command.addAll(List.of(args));
    ScriptProcess.Run run = ScriptProcess.run(command, timeout, "is node on PATH?");
    return new Run(run.exitCode(), run.stdout(), run.stderr());
  }
}
