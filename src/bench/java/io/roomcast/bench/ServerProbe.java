package io.roomcast.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server process costs, read from outside it: CPU time ({@code /proc/<pid>/stat} utime +
 * stime), RSS ({@code /proc/<pid>/status} VmRSS) and live heap after a full GC — through
 * {@code jcmd} for a JVM, through the reference server's {@code GET /bench/heap} for Node.
 */
public final class ServerProbe {

  /** How to reach the server's heap. */
  public enum Kind { JVM, NODE }

  private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final long[] pids;
  private final long pid;
  private final Kind kind;
  private final Vertx vertx;
  private final int port;

  public ServerProbe(long pid, Kind kind, Vertx vertx, int port) {
    this(new long[] {pid}, kind, vertx, port);
  }

  /** CPU and RSS summed over all {@code pids} (a cluster, Redis included); heap of the first. */
  public ServerProbe(long[] pids, Kind kind, Vertx vertx, int port) {
    this.pids = pids.clone();
    this.pid = pids[0];
    this.kind = kind;
    this.vertx = vertx;
    this.port = port;
  }

  public long pid() {
    return pid;
  }

  public Kind kind() {
    return kind;
  }

  /** User + system CPU time the process has used so far, in nanoseconds. */
  public long cpuNanos() {
    long sum = 0;
    for (long each : pids) {
      sum += cpuTicks(each, true) * CLOCK_TICK_NANOS;
    }
    return sum;
  }

  /** The system (kernel) part of {@link #cpuNanos()}: socket writes and reads, mostly. */
  public long systemCpuNanos() {
    long sum = 0;
    for (long each : pids) {
      sum += cpuTicks(each, false) * CLOCK_TICK_NANOS;
    }
    return sum;
  }

  private static long cpuTicks(long pid, boolean withUser) {
    String stat = read("/proc/" + pid + "/stat");
    // Fields after the command name, which is in parentheses and may contain spaces: utime, stime.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long system = Long.parseLong(fields[12]);
    return withUser ? Long.parseLong(fields[11]) + system : system;
  }

  /** Resident set size, in bytes. */
  public long rssBytes() {
    long sum = 0;
    for (long each : pids) {
      sum += rssBytes(each);
    }
    return sum;
  }

  private static long rssBytes(long pid) {
    for (String line : read("/proc/" + pid + "/status").split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for pid " + pid);
  }

  /** Heap in use right after a full collection, in bytes. */
  public long liveHeapBytes() {
    if (kind == Kind.NODE) {
      HttpClient client = vertx.createHttpClient();
      try {
        Buffer body = Await.result(client.request(HttpMethod.GET, port, "127.0.0.1", "/bench/heap")
          .compose(request -> request.send().compose(response -> response.body())), 30, "GET /bench/heap");
        return new JsonObject(body).getLong("heapUsed");
      } finally {
        client.close();
      }
    }
    jcmd("GC.run");
    // G1 prints one "garbage-first heap total ..K, used ..K" line, Serial and Parallel one per generation.
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    long kilobytes = -1;
    while (used.find()) {
      kilobytes = Math.max(kilobytes, 0) + Long.parseLong(used.group(1));
    }
    if (kilobytes < 0) {
      throw new IllegalStateException("no heap usage in jcmd GC.heap_info of " + pid);
    }
    return kilobytes * 1024;
  }

  /** Runs {@code jcmd <pid> <command...>} and returns its output. */
  public String jcmd(String... command) {
    String[] line = new String[command.length + 2];
    line[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    line[1] = Long.toString(pid);
    System.arraycopy(command, 0, line, 2, command.length);
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("jcmd " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
