package io.roomcast.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario a: idle connections. Opens Socket.IO connections in steps (e.g. 1k, 5k, 10k, 19k) and,
 * at each step, measures the server's RSS and live heap after GC; memory per connection is the
 * growth over the empty server divided by the connections.
 */
public final class IdleScenario {

  /** One step: how many sockets were connected, and the server's memory then. */
  public record Step(int connections, long rssBytes, long heapBytes) {
  }

  /**
   * All steps, the first with 0 connections; {@code stoppedBy} says why it ended early, or null;
   * {@code classHistogram} the top of {@code jcmd GC.class_histogram} at the last step (JVM servers, when asked), or null.
   */
  public record Result(List<Step> steps, String stoppedBy, String classHistogram) {

    public Step base() {
      return steps.get(0);
    }

    public Step last() {
      return steps.get(steps.size() - 1);
    }

    public double rssPerConnection() {
      return last().connections == 0 ? 0 : (double) (last().rssBytes - base().rssBytes) / last().connections;
    }

    public double heapPerConnection() {
      return last().connections == 0 ? 0 : (double) (last().heapBytes - base().heapBytes) / last().connections;
    }
  }

  private static final int IN_FLIGHT = 200;

  private IdleScenario() {
  }

  /** {@code classHistogram}: also keep the top of the JVM server's class histogram at the last step (where the bytes are). */
  public static Result run(Vertx vertx, WebSocketClient client, int port, ServerProbe server, int[] steps,
                           boolean classHistogram) {
    List<SocketIoConnection> open = new ArrayList<>();
    List<Step> results = new ArrayList<>();
    String stoppedBy = null;
    String histogram = null;
    results.add(measure(vertx, server, 0));
    try {
      for (int target : steps) {
        try {
          Await.result(openUpTo(client, port, open, target), 300, "opening " + target + " connections");
        } catch (IllegalStateException e) {
          stoppedBy = "stopped at " + open.size() + " connections: " + e.getMessage();
          results.add(measure(vertx, server, open.size()));
          break;
        }
        results.add(measure(vertx, server, open.size()));
      }
      if (classHistogram && server.kind() == ServerProbe.Kind.JVM) {
        histogram = server.jcmd("GC.class_histogram").lines().limit(33).reduce("", (a, b) -> a + b + "\n");
      }
    } finally {
      closeAll(open);
    }
    return new Result(results, stoppedBy, histogram);
  }

  private static Step measure(Vertx vertx, ServerProbe server, int connections) {
    Await.pause(vertx, 1000); // let the last handshakes' work settle
    long heap = server.liveHeapBytes();
    return new Step(connections, server.rssBytes(), heap);
  }

  /** Opens connections until {@code open} holds {@code target}, at most {@value #IN_FLIGHT} at a time. */
  static Future<Void> openUpTo(WebSocketClient client, int port, List<SocketIoConnection> open, int target) {
    Promise<Void> done = Promise.promise();
    AtomicInteger started = new AtomicInteger(open.size());
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      if (done.future().isComplete()) {
        return;
      }
      if (started.getAndIncrement() >= target) {
        synchronized (open) {
          if (open.size() >= target) {
            done.tryComplete();
          }
        }
        return;
      }
      SocketIoConnection.connect(client, port).onComplete(connected -> {
        if (connected.failed()) {
          done.tryFail(connected.cause());
          return;
        }
        synchronized (open) {
          open.add(connected.result());
        }
        next[0].run();
      });
    };
    int lanes = Math.min(IN_FLIGHT, target - open.size());
    if (lanes <= 0) {
      return Future.succeededFuture();
    }
    for (int i = 0; i < lanes; i++) {
      next[0].run();
    }
    return done.future();
  }

  static void closeAll(List<SocketIoConnection> open) {
    List<Future<Void>> closing = new ArrayList<>();
    synchronized (open) {
      open.forEach(connection -> closing.add(connection.close()));
      open.clear();
    }
    try {
      Await.result(Future.join(closing), 60, "closing connections");
    } catch (IllegalStateException e) {
      System.err.println("bench: " + e.getMessage());
    }
  }
}
