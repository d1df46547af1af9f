package io.roomcast.bench;

import io.vertx.core.Promise;
import io.vertx.core.http.WebSocketClient;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario d: churn. {@code lanes} loops each open a WebSocket, wait for the Engine.IO open
 * packet, send CONNECT, wait for its answer, close, and start over, for a fixed time.
 */
public final class ChurnScenario {

  /** Connects completed, the phase's time, and the time from opening to the CONNECT answer (µs). */
  public record Result(long connects, long failures, PhaseMeter.Usage usage, Histogram connectMicros) {

    public double connectsPerSecond() {
      return connects / usage.seconds();
    }

    /** Server CPU per connect (including its disconnect), in microseconds. */
    public double serverCpuMicrosPerConnect() {
      return connects == 0 ? Double.NaN : usage.serverCpuNanos() / 1000.0 / connects;
    }
  }

  private ChurnScenario() {
  }

  public static Result run(WebSocketClient client, int port, ServerProbe server, int lanes, long millis) {
    Recorder connectTimes = new Recorder(3);
    AtomicLong connects = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicInteger running = new AtomicInteger(lanes);
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + millis * 1_000_000;
    PhaseMeter meter = PhaseMeter.start(server);
    Runnable[] lane = new Runnable[1];
    lane[0] = () -> {
      if (System.nanoTime() >= deadline) {
        if (running.decrementAndGet() == 0) {
          done.complete();
        }
        return;
      }
      long start = System.nanoTime();
      SocketIoConnection.connect(client, port).onComplete(connected -> {
        if (connected.failed()) {
          failures.incrementAndGet();
          lane[0].run();
          return;
        }
        connectTimes.recordValue((System.nanoTime() - start) / 1000);
        connects.incrementAndGet();
        connected.result().close().onComplete(closed -> lane[0].run());
      });
    };
    for (int i = 0; i < lanes; i++) {
      lane[0].run();
    }
    Await.result(done.future(), millis / 1000 + 60, "churn");
    return new Result(connects.get(), failures.get(), meter.stop(), connectTimes.getIntervalHistogram());
  }
}
