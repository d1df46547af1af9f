package io.roomcast.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario b (and c): fan-out. {@code members} sockets enter one room; one sender, in the same
 * room, sends {@code new_message} at fixed rates. Each message carries the sender's
 * {@code System.nanoTime()} (sender and receivers share this JVM), so every delivery yields an
 * emit-to-receive latency. Members may connect to another port than the sender (scenario c).
 */
public final class FanOutScenario {

  /** One rate's phase. Latencies in microseconds. */
  public record Phase(int rate, long sent, long deliveries, PhaseMeter.Usage usage, Histogram latencyMicros) {

    public double deliveriesPerSecond() {
      return deliveries / usage.seconds();
    }

    /** Server CPU per delivery, in microseconds. */
    public double serverCpuMicrosPerDelivery() {
      return deliveries == 0 ? Double.NaN : usage.serverCpuNanos() / 1000.0 / deliveries;
    }

    public long expectedDeliveries(int members) {
      return sent * members;
    }
  }

  /** The phases, and the run's settings. */
  public record Result(int members, List<Phase> phases) {
  }

  static final String ROOM = "fanout";
  private static final String MARK = "~t";
  private static final int IN_FLIGHT = 100;
  private static final long DRAIN_MILLIS = 500;

  private final Vertx vertx;
  private final Recorder latencies = new Recorder(3);
  private final AtomicLong delivered = new AtomicLong();
  private final List<SocketIoConnection> members = new ArrayList<>();
  private SocketIoConnection sender;

  private FanOutScenario(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Runs one phase per rate of {@code phaseMillis} each, after {@code warmupMillis} at the first
   * rate. {@code duringProfile}, if not null, runs around an extra, unreported phase at
   * {@code profileRate} (to record a profile without disturbing the reported phases).
   */
  public static Result run(Vertx vertx, WebSocketClient client, int senderPort, int memberPort, ServerProbe server,
                           int memberCount, int[] rates, long phaseMillis, long warmupMillis, Profiler profiler, int profileRate) {
    FanOutScenario scenario = new FanOutScenario(vertx);
    try {
      scenario.join(client, senderPort, memberPort, memberCount);
      scenario.send(rates[0], warmupMillis);
      List<Phase> phases = new ArrayList<>();
      for (int rate : rates) {
        phases.add(scenario.phase(server, rate, phaseMillis));
      }
      if (profiler != null) {
        profiler.start();
        scenario.send(profileRate, phaseMillis);
        profiler.stop();
      }
      return new Result(memberCount, phases);
    } finally {
      List<SocketIoConnection> all = new ArrayList<>(scenario.members);
      if (scenario.sender != null) {
        all.add(scenario.sender);
      }
      IdleScenario.closeAll(all);
    }
  }

  /** Starts and stops a profile of the server around the profiling phase. */
  public interface Profiler {
    void start();

    void stop();
  }

  private void join(WebSocketClient client, int senderPort, int memberPort, int count) {
    Await.result(IdleScenario.openUpTo(client, memberPort, members, count), 300, "connecting " + count + " members");
    members.forEach(member -> member.onEvent(this::received));
    Await.result(enterAll(), 300, "entering the room");
    sender = Await.result(SocketIoConnection.connect(client, senderPort), 30, "connecting the sender");
    Await.result(sender.emitWithAck(SocketIoConnection.event("enter_room", ROOM)), 30, "the sender entering");
    Await.pause(vertx, 2000); // the welcome and room_change storm of the joins is over
  }

  private Future<Void> enterAll() {
    Promise<Void> done = Promise.promise();
    AtomicLong next = new AtomicLong();
    AtomicLong entered = new AtomicLong();
    Runnable[] lane = new Runnable[1];
    lane[0] = () -> {
      int index = (int) next.getAndIncrement();
      if (index >= members.size()) {
        return;
      }
      members.get(index).emitWithAck(SocketIoConnection.event("enter_room", ROOM)).onComplete(ack -> {
        if (ack.failed() || !ack.result().contains("\"ok\":true")) {
          done.tryFail("enter_room: " + (ack.failed() ? ack.cause() : ack.result()));
          return;
        }
        if (entered.incrementAndGet() == members.size()) {
          done.tryComplete();
        }
        lane[0].run();
      });
    };
    for (int i = 0; i < Math.min(IN_FLIGHT, members.size()); i++) {
      lane[0].run();
    }
    return done.future();
  }

  private Phase phase(ServerProbe server, int rate, long millis) {
    Await.pause(vertx, DRAIN_MILLIS); // the warm-up's last deliveries are not this phase's
    latencies.reset();
    delivered.set(0);
    PhaseMeter meter = PhaseMeter.start(server);
    long sent = send(rate, millis);
    Await.pause(vertx, DRAIN_MILLIS);
    PhaseMeter.Usage usage = meter.stop();
    // Deliveries per second over the sending time; CPU over sending + drain, which holds all their work.
    PhaseMeter.Usage sending = new PhaseMeter.Usage(millis * 1_000_000, usage.serverCpuNanos(), usage.serverSystemNanos(),
      usage.generatorCpuNanos());
    return new Phase(rate, sent, delivered.get(), sending, latencies.getIntervalHistogram());
  }

  /** Sends at {@code rate} messages per second for {@code millis}, paced by a 5 ms Vert.x timer. */
  private long send(int rate, long millis) {
    Promise<Long> done = Promise.promise();
    long start = System.nanoTime();
    long[] sent = {0};
    vertx.setPeriodic(0, 5, id -> {
      long elapsed = System.nanoTime() - start;
      long due = Math.min(rate * elapsed / 1_000_000_000L, rate * millis / 1000);
      while (sent[0] < due) {
        sender.emit(SocketIoConnection.event("new_message", MARK + System.nanoTime() + "~ bench", ROOM));
        sent[0]++;
      }
      if (elapsed >= millis * 1_000_000) {
        vertx.cancelTimer(id);
        done.complete(sent[0]);
      }
    });
    return Await.result(done.future(), millis / 1000 + 30, "sending");
  }

  /** {@code ["new_message","<nickname>: ~t<nanos>~ bench",{...}]}: no JSON parse, only the mark. */
  private void received(String event) {
    if (!event.startsWith("[\"new_message\"")) {
      return;
    }
    int mark = event.indexOf(MARK);
    if (mark < 0) {
      return;
    }
    int end = event.indexOf('~', mark + MARK.length());
    long sentAt = Long.parseLong(event, mark + MARK.length(), end, 10);
    latencies.recordValue(Math.max(0, (System.nanoTime() - sentAt) / 1000));
    delivered.incrementAndGet();
  }
}
