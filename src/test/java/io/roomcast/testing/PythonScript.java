package io.roomcast.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /usr/bin/python3 src/test/python/SCRIPT ARGS...} from the repo root: the system Python,
 * where Debian's {@code python3-socketio} (which {@code .ci/run} installs) puts the official Python
 * client. Not whatever {@code python3} comes first on PATH (pyenv, a virtualenv), which would not
 * have it.
 */
public final class PythonScript {

  /** Debian's interpreter; its dist-packages hold the apt-installed client. */
  public static final String PYTHON = "/usr/bin/python3";

  private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(30);

  private PythonScript() {
  }

  /**
   * Fails with a hint if {@link #PYTHON} cannot import {@code modules} (e.g. {@code socketio}).
   * {@code packages} names the Debian packages that provide them.
   */
  public static void requireModules(List<String> modules, String packages) {
    ScriptProcess.Run check;
    try {
      check = ScriptProcess.run(List.of(PYTHON, "-c", "import " + String.join(", ", modules)), IMPORT_TIMEOUT,
        PYTHON + " is missing");
    } catch (RuntimeException e) {
      throw new AssertionError(PYTHON + " cannot be run: install Debian's python3 and " + packages
        + " (.ci/run does)", e);
    }
    if (check.exitCode() != 0) {
      throw new AssertionError(PYTHON + " cannot import " + String.join(", ", modules) + ": install the Debian packages "
        + packages + " (`apt-get install " + packages + "`; .ci/run does)\n" + check.stderr());
    }
  }

  /** Runs the script to its end; kills it and fails if it outlives {@code timeout}. */
  public static ScriptProcess.Run run(String script, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of(PYTHON, ScriptProcess.ROOT.resolve("src/test/python").resolve(script).toString()));
    command.addAll(List.of(args));
    return ScriptProcess.run(command, timeout, "is " + PYTHON + " installed?");
  }
}
