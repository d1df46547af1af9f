package io.roomcast.testing;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@code node src/test/node/SCRIPT} that a test drives while it runs: one JSON command per line
 * on its stdin, each with an {@code id}; on its stdout {@code {"type": "ready"}} first, then a
 * {@code {"type": "reply", "id", "ok", ...}} per command and any other lines (events), which go to
 * {@code onLine}. So a test can act between two steps (freeze a node) while the clients run.
 */
public final class JsonLinesScript implements AutoCloseable {

  private final String script;
  private final Process process;
  private final Writer stdin;
  private final Path stderr;
  private final Consumer<JsonObject> onLine;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private JsonLinesScript(String script, Process process, Path stderr, Consumer<JsonObject> onLine) {
    this.script = script;
    this.process = process;
    this.stderr = stderr;
    this.onLine = onLine;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Starts {@code src/test/node/<script>}; returns once it said it is ready. Lines other than replies go to {@code onLine}. */
  public static JsonLinesScript start(String script, Consumer<JsonObject> onLine) {
    NodeScript.requireInstalled("socket.io-client");
    try {
      Path stderr = Files.createTempFile("roomcast-node-", ".err");
      Process process = new ProcessBuilder("node", ScriptProcess.ROOT.resolve("src/test/node").resolve(script).toString())
        .directory(ScriptProcess.ROOT.toFile())
        .redirectError(stderr.toFile())
        .start();
      JsonLinesScript running = new JsonLinesScript(script, process, stderr, onLine);
      Thread reader = new Thread(running::readStdout, "node-" + script);
      reader.setDaemon(true);
      reader.start();
      running.await(running.ready, Duration.ofSeconds(30), "node " + script + " to start");
      return running;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start node " + script + " (is node on PATH?)", e);
    }
  }

  /** Sends {@code command} (an id is added); its reply completes the future. */
  public CompletableFuture<JsonObject> request(JsonObject command) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    replies.put(id, reply);
    send(command.copy().put("id", id));
    return reply;
  }

  /** Sends {@code command} and returns its reply; fails if none comes within {@code timeout} or the script says it failed. */
  public JsonObject call(JsonObject command, Duration timeout) {
    JsonObject reply = await(request(command), timeout, "the reply to " + command.encode());
    if (!reply.getBoolean("ok", false)) {
      throw new AssertionError(command.encode() + " failed: " + reply.getString("error"));
    }
    return reply;
  }

  /** Waits for {@code future}, failing with the script's stderr after {@code timeout}. */
  public <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; stderr:\n" + stderr());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof AssertionError error ? error : new AssertionError(what, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private synchronized void send(JsonObject line) {
    try {
      stdin.write(line.encode() + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError("node " + script + " is gone; stderr:\n" + stderr(), e);
    }
  }

  private void readStdout() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonObject json = new JsonObject(line);
        switch (json.getString("type", "")) {
          case "ready" -> ready.complete(null);
          case "reply" -> {
            CompletableFuture<JsonObject> reply = replies.remove(json.getInteger("id"));
            if (reply != null) {
              reply.complete(json);
            }
          }
          default -> onLine.accept(json);
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("reading " + script + "'s output: " + e);
    } finally {
      AssertionError gone = new AssertionError("node " + script + " ended before replying; stderr:\n" + stderr());
      ready.completeExceptionally(gone);
      replies.values().forEach(reply -> reply.completeExceptionally(gone));
    }
  }

  /** What the script wrote to stderr so far. */
  public String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Asks the script to exit (closing its clients); kills it if it does not within a few seconds. */
  @Override
  public void close() {
    try {
      send(new JsonObject().put("cmd", "exit"));
    } catch (AssertionError alreadyGone) {
      // nothing to ask
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Files.deleteIfExists(stderr);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
