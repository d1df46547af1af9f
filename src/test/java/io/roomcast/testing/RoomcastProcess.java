package io.roomcast.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar target/roomcast.jar ...} as a real child process, for tests of the launcher,
 * the jar and multi-process clusters. Output goes to a file that tests can read.
 */
public final class RoomcastProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path output;
  private final int httpPort;

  private RoomcastProcess(Process process, Path output, int httpPort) {
    this.process = process;
    this.output = output;
    this.httpPort = httpPort;
  }

  /** The jar that {@code mvn package} built (failsafe passes its path). */
  public static Path jar() {
    return Path.of(System.getProperty("roomcast.jar", "target/roomcast.jar")).toAbsolutePath();
  }

  /** The {@code java} of the JVM running the tests. */
  public static String currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Starts the jar with {@code args}, the given extra environment, in {@code workDir}.
   * {@code ROOMCAST_HTTP_PORT} is set to {@code httpPort}.
   */
  public static RoomcastProcess start(String java, Path workDir, int httpPort, Map<String, String> env, String... args) {
    return start(java, workDir, httpPort, env, 0, args);
  }

  /** As {@link #start(String, Path, int, Map, String...)}, under an open-files limit ({@code ulimit -n}) when {@code openFiles} is positive. */
  public static RoomcastProcess start(String java, Path workDir, int httpPort, Map<String, String> env, int openFiles,
                                      String... args) {
    List<String> command = new ArrayList<>();
    if (openFiles > 0) {
      // The shell lowers the limit, then becomes the JVM (exec), so the pid is the JVM's.
      command.addAll(List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$0\" \"$@\""));
    }
    command.addAll(List.of(java, "-Dhazelcast.wait.seconds.before.join=0", "-Xmx256m", "-jar", jar().toString()));
    command.addAll(List.of(args));
    try {
      Path output = Files.createTempFile("roomcast-", ".log");
      ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
      builder.environment().put("ROOMCAST_HTTP_PORT", Integer.toString(httpPort));
      builder.environment().putAll(env);
      return new RoomcastProcess(builder.start(), output, httpPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** From the repo root, with the test JVM's java. */
  public static RoomcastProcess start(int httpPort, Map<String, String> env, String... args) {
    return start(currentJava(), Path.of("").toAbsolutePath(), httpPort, env, args);
  }

  public int httpPort() {
    return httpPort;
  }

  public Process process() {
    return process;
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GETs {@code path}; returns the status and body, or null while the server does not answer. */
  public HttpResponse<String> get(String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(5)).GET().build();
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new AssertionError("process still running after " + timeout + "; output:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code kill -9}: no shutdown hooks, no goodbye to the cluster. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    new File(output.toString()).delete();
  }
}
