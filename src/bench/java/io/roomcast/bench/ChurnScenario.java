package io.roomcast.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocketClient;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario d: churn. {@code lanes} loops each open a WebSocket, wait for the Engine.IO open
 * packet, send CONNECT, wait for its answer, close, and start over, for a fixed time, after an
 * unmeasured warm-up of the same.
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

  private static final long CONNECT_TIMEOUT_SECONDS = 10;

  private ChurnScenario() {
  }

  /**
   * Churns for {@code warmupMillis} unmeasured (the JIT compiles the connect path; Node's too),
   * then for {@code millis} measured.
   */
  public static Result run(WebSocketClient client, int port, ServerProbe server, int lanes, long warmupMillis, long millis) {
    churn(client, port, lanes, warmupMillis, new Recorder(3), new AtomicLong(), new AtomicLong());
    Recorder connectTimes = new Recorder(3);
    AtomicLong connects = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    PhaseMeter meter = PhaseMeter.start(server);
    churn(client, port, lanes, millis, connectTimes, connects, failures);
    return new Result(connects.get(), failures.get(), meter.stop(), connectTimes.getIntervalHistogram());
  }

  private static void churn(WebSocketClient client, int port, int lanes, long millis, Recorder connectTimes,
                            AtomicLong connects, AtomicLong failures) {
    AtomicInteger running = new AtomicInteger(lanes);
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + millis * 1_000_000;
    Runnable[] lane = new Runnable[1];
    lane[0] = () -> {
      if (System.nanoTime() >= deadline) {
        if (running.decrementAndGet() == 0) {
          done.complete();
        }
        return;
      }
      long start = System.nanoTime();
      Future<SocketIoConnection> attempt = SocketIoConnection.connect(client, port);
      // A connect the server never answers counts as a failure instead of stalling its lane.
      attempt.timeout(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS).onComplete(connected -> {
        if (connected.failed()) {
          failures.incrementAndGet();
          attempt.onSuccess(SocketIoConnection::close);
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
  }
}
