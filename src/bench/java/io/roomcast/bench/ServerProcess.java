package io.roomcast.bench;

import io.vertx.core.http.WebSocketClient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A server the bench starts (pinned with {@code taskset}), waits for, and stops. */
final class ServerProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final int port;

  private ServerProcess(String name, Process process, int port) {
    this.name = name;
    this.process = process;
    this.port = port;
  }

  /** Starts {@code command} under {@code taskset -c <cpus>}, output to {@code <log>}. */
  static ServerProcess start(String name, String cpus, List<String> command, Map<String, String> env, int port,
                             Path log) {
    List<String> line = new ArrayList<>(List.of("taskset", "-c", cpus));
    line.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      // taskset execs the command, so the pid is the server's.
      return new ServerProcess(name, builder.start(), port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + line, e);
    }
  }

  static List<String> java(Path jar, String... args) {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    line.addAll(List.of(args));
    line.add("-jar");
    line.add(jar.toString());
    return line;
  }

  long pid() {
    return process.pid();
  }

  int port() {
    return port;
  }

  /** Waits until a Socket.IO connection succeeds, at most {@code seconds}. */
  ServerProcess awaitReady(io.vertx.core.Vertx vertx, WebSocketClient client, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready");
      }
      try {
        Await.result(SocketIoConnection.connect(client, port).compose(SocketIoConnection::close), 5, name + " ready");
        return this;
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + " not ready after " + seconds + " s", e);
        }
        Await.pause(vertx, 250);
      }
    }
  }

  /** Stops it at once (SIGKILL), without the graceful stop's work for every connection; then {@link #close} is a no-op. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
