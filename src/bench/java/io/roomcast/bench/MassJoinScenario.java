package io.roomcast.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario e: mass join. {@code N} Socket.IO connections arrive as fast as {@code inFlight}
 * concurrent clients allow, on a fresh server, twice: phase 1 only connects (each client is done at
 * its CONNECT answer); phase 2, on another fresh server, has each client then emit
 * {@code enter_room} {@code room-<i mod rooms>} with an ack and be done at its {@code {ok: true}}.
 * Measured per phase: wall time until all are done, the server's CPU and peak RSS (sampled by its
 * own thread), and every frame the generator received, counted without decoding
 * ({@code room_change} and {@code welcome} apart). Every connection is read all the time, so the
 * server's writes never wait for the generator. A phase that is not done within its timeout stops
 * and reports how far it got.
 */
public final class MassJoinScenario {

  /**
   * {@code connections} N; {@code rooms} of phase 2; {@code inFlight} clients arriving at once;
   * {@code timeoutSeconds} per phase; {@code drainSeconds} at most to wait, after the last client is
   * done, until no more events arrive for {@link #QUIET_MILLIS}; {@code sampleMillis} between RSS samples.
   */
  public record Settings(int connections, int rooms, int inFlight, long timeoutSeconds, long drainSeconds,
                         long sampleMillis) {
  }

  /** Both phases on one server; either may be null when it could not run (see {@code error}). */
  public record Result(Phase connectOnly, Phase enterRoom, Settings settings, String error) {

    /** Phase 2's wall time over phase 1's; NaN unless both completed. */
    public double wallRatio() {
      return connectOnly == null || enterRoom == null || !connectOnly.completed() || !enterRoom.completed()
        ? Double.NaN : enterRoom.usage().seconds() / connectOnly.usage().seconds();
    }
  }

  /** One progress sample, every {@link #SAMPLE_SECONDS}. */
  public record Sample(double seconds, long connected, long done, long failed, Traffic.Counts received, long rssBytes,
                       long peakRssBytes, long serverCpuNanos) {
  }

  /**
   * One phase. {@code usage} covers the ramp, start until the last client is done (or the timeout);
   * {@code peakRssBytes} the ramp, {@code peakRssWithDrainBytes} the drain after it too;
   * {@code atDone} what had arrived when the last client was done, {@code total} that and the drain.
   */
  public record Phase(String name, int connections, int rooms, long connected, long done, long failed, long dropped,
                      String firstError, boolean completed, PhaseMeter.Usage usage, long rssBeforeBytes, long peakRssBytes,
                      long peakRssWithDrainBytes, long rssAfterBytes, long rssSamples, Traffic.Counts atDone,
                      Traffic.Counts total, long drainMillis, Histogram clientMicros, List<Sample> timeline) {

    public double connectionsPerSecond() {
      return done / usage.seconds();
    }

    /**
     * Peak RSS during the ramp minus the RSS before it, per connection: divided by N, or, when the
     * phase did not complete, by the connections open at its end.
     */
    public double peakRssPerConnection() {
      long divisor = completed ? connections : connected;
      return divisor == 0 ? Double.NaN : (double) (peakRssBytes - rssBeforeBytes) / divisor;
    }
  }

  /** How long nothing may arrive before the drain after a phase counts as over. */
  static final long QUIET_MILLIS = 2000;
  static final long SAMPLE_SECONDS = 5;

  private MassJoinScenario() {
  }

  /**
   * Runs one phase against the server on {@code port} ({@code rooms} 0: connect only). Before its
   * connections are closed, {@code beforeClose} runs (may be null): BenchRun kills the server there,
   * so it does not spend minutes on 18k disconnects nobody measures.
   */
  public static Phase phase(Vertx vertx, WebSocketClient client, int port, ServerProbe server, Settings settings,
                            int rooms, String name, Runnable beforeClose) {
    int n = settings.connections();
    Await.pause(vertx, 1000); // the server's start-up work has settled
    long rssBefore = server.rssBytes();
    Traffic traffic = new Traffic();
    List<SocketIoConnection> open = new ArrayList<>(n);
    AtomicInteger next = new AtomicInteger();
    AtomicLong connected = new AtomicLong();
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong dropped = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    Recorder clientTimes = new Recorder(3);
    Promise<Void> allDone = Promise.promise();
    boolean[] stop = {false}; // read by the lanes: no new clients after the timeout
    Object lock = new Object();
    List<Sample> timeline = new ArrayList<>();

    Runnable[] lane = new Runnable[1];
    Runnable resolved = () -> {
      if (done.get() + failed.get() >= n) {
        allDone.tryComplete();
      }
    };
    lane[0] = () -> {
      synchronized (lock) {
        if (stop[0]) {
          return;
        }
      }
      int i = next.getAndIncrement();
      if (i >= n) {
        return;
      }
      long start = System.nanoTime();
      SocketIoConnection.connect(client, port, traffic).onComplete(attempt -> {
        if (attempt.failed()) {
          fail(failed, firstError, "connect: " + attempt.cause());
          resolved.run();
          lane[0].run();
          return;
        }
        SocketIoConnection connection = attempt.result();
        connected.incrementAndGet();
        synchronized (lock) {
          open.add(connection);
        }
        connection.closed().onComplete(closed -> {
          synchronized (lock) {
            if (!stop[0]) {
              dropped.incrementAndGet();
            }
          }
        });
        if (rooms == 0) {
          clientTimes.recordValue((System.nanoTime() - start) / 1000);
          done.incrementAndGet();
          resolved.run();
          lane[0].run();
          return;
        }
        connection.emitWithAck(SocketIoConnection.event("enter_room", "room-" + (i % rooms))).onComplete(ack -> {
          String error = ack.failed() ? "enter_room: " + ack.cause().getMessage() : refusal(ack.result());
          if (error == null) {
            clientTimes.recordValue((System.nanoTime() - start) / 1000);
            done.incrementAndGet();
          } else {
            fail(failed, firstError, error);
          }
          resolved.run();
          lane[0].run();
        });
      });
    };

    log(name + ": " + n + " connections" + (rooms == 0 ? "" : " entering " + rooms + " rooms") + ", "
      + Math.min(settings.inFlight(), n) + " at a time, RSS before " + mb(rssBefore));
    PeakRss rss = PeakRss.start(server, settings.sampleMillis());
    PhaseMeter meter = PhaseMeter.start(server);
    long started = System.nanoTime();
    long cpuStart = server.cpuNanos();
    long deadline = started + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
    try {
      for (int i = 0; i < Math.min(settings.inFlight(), n); i++) {
        lane[0].run();
      }
      boolean completed = false;
      long nextSample = started + TimeUnit.SECONDS.toNanos(SAMPLE_SECONDS);
      while (true) {
        long now = System.nanoTime();
        if (now >= nextSample) {
          Sample sample = sample(started, connected, done, failed, traffic, rss, server, cpuStart);
          timeline.add(sample);
          log(name + ": " + describe(sample, n));
          nextSample += TimeUnit.SECONDS.toNanos(SAMPLE_SECONDS);
        }
        if (now >= deadline) {
          break;
        }
        try {
          allDone.future().toCompletionStage().toCompletableFuture()
            .get(Math.max(1, Math.min(nextSample, deadline) - now), TimeUnit.NANOSECONDS);
          completed = true;
          break;
        } catch (TimeoutException e) {
          // sample, or give up
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      PhaseMeter.Usage usage = meter.stop();
      long peakRamp = rss.peak();
      Traffic.Counts atDone = traffic.counts();
      if (!completed) {
        synchronized (lock) {
          stop[0] = true;
        }
        log(name + ": not done after " + settings.timeoutSeconds() + " s");
      }
      Sample last = sample(started, connected, done, failed, traffic, rss, server, cpuStart);
      timeline.add(last);
      log(name + ": " + (completed ? "done" : "stopped") + ", " + describe(last, n));
      long drainMillis = completed ? drain(vertx, traffic, settings.drainSeconds()) : 0;
      long peakAll = rss.peak();
      long rssAfter = rss.last();
      synchronized (lock) {
        stop[0] = true;
      }
      Phase phase = new Phase(name, n, rooms, connected.get(), done.get(), failed.get(), dropped.get(), firstError.get(),
        completed && failed.get() == 0, usage, rssBefore, peakRamp, peakAll, rssAfter, rss.samples(), atDone,
        traffic.counts(), drainMillis, clientTimes.getIntervalHistogram(), timeline);
      if (rss.error() != null) {
        log(name + ": RSS sampling stopped: " + rss.error());
      }
      return phase;
    } finally {
      rss.close();
      synchronized (lock) {
        stop[0] = true;
      }
      if (beforeClose != null) {
        beforeClose.run();
      }
      List<SocketIoConnection> toClose;
      synchronized (lock) {
        toClose = new ArrayList<>(open);
      }
      IdleScenario.closeAll(toClose);
    }
  }

  /**
   * Waits until no event has arrived for {@link #QUIET_MILLIS} (Engine.IO pings do not count: they
   * never stop), at most {@code seconds}; returns how long events kept coming.
   */
  private static long drain(Vertx vertx, Traffic traffic, long seconds) {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    long events = traffic.counts().events();
    long quietSince = start;
    while (System.nanoTime() < deadline) {
      Await.pause(vertx, 250);
      long now = System.nanoTime();
      long current = traffic.counts().events();
      if (current != events) {
        events = current;
        quietSince = now;
      } else if (now - quietSince >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
        return TimeUnit.NANOSECONDS.toMillis(quietSince - start);
      }
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** Null for an ack {@code [{"ok": true, ...}]}, else why not. */
  private static String refusal(String ackArray) {
    try {
      JsonObject answer = new JsonArray(ackArray).getJsonObject(0);
      return Boolean.TRUE.equals(answer.getBoolean("ok")) ? null : "enter_room refused: " + answer.encode();
    } catch (RuntimeException e) {
      return "enter_room: unexpected ack " + ackArray;
    }
  }

  private static void fail(AtomicLong failed, AtomicReference<String> firstError, String error) {
    failed.incrementAndGet();
    firstError.compareAndSet(null, error);
  }

  private static Sample sample(long started, AtomicLong connected, AtomicLong done, AtomicLong failed, Traffic traffic,
                               PeakRss rss, ServerProbe server, long cpuStart) {
    long cpu;
    try {
      cpu = server.cpuNanos() - cpuStart;
    } catch (IllegalStateException e) {
      cpu = -1; // the server is gone
    }
    long peak = rss.peak();
    return new Sample((System.nanoTime() - started) / 1e9, connected.get(), done.get(), failed.get(), traffic.counts(),
      rss.last(), peak, cpu);
  }

  private static String describe(Sample s, int n) {
    return String.format(Locale.ROOT, "%.0f s: %d of %d connected, %d done, %d failed; received %d frames, %.1f MB "
        + "(room_change %d, %.1f MB; welcome %d); server RSS %s (peak %s), CPU %.1f s", s.seconds(), s.connected(), n,
      s.done(), s.failed(), s.received().frames(), s.received().bytes() / 1048576.0, s.received().roomChangeFrames(),
      s.received().roomChangeBytes() / 1048576.0, s.received().welcomeFrames(), mb(s.rssBytes()), mb(s.peakRssBytes()),
      s.serverCpuNanos() / 1e9);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }

  private static void log(String message) {
    System.out.println("bench: mass join " + message);
  }
}
