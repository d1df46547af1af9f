package io.roomcast.bench;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The markdown tables of one run: Roomcast and Node side by side, then the targets, then
 * the mass join. Sections of scenarios that did not run are left out.
 */
final class BenchReport {

  /** The rate whose phase the fan-out targets use: 40 msg/s to 1000 members = 40k deliveries/s. */
  static final int TARGET_RATE = 40;
  /** Mass join: phase 2 (connect + enter_room) may take at most this many times phase 1's wall time. */
  static final double MASS_JOIN_WALL_RATIO_TARGET = 1.5;
  /** Mass join: peak RSS growth per connection during phase 2's ramp below this, in bytes. */
  static final double MASS_JOIN_RSS_TARGET = 40 * 1024;

  private final ServerResults roomcast;
  private final ServerResults node;
  private final StringBuilder out = new StringBuilder();

  private BenchReport(ServerResults roomcast, ServerResults node) {
    this.roomcast = roomcast;
    this.node = node;
  }

  static String render(ServerResults roomcast, ServerResults node) {
    return new BenchReport(roomcast, node).render();
  }

  private String render() {
    idle();
    if (roomcast.fanOut() != null || node.fanOut() != null) {
      fanOut("b. fan-out", roomcast.fanOut(), node.fanOut());
    }
    churn();
    if (roomcast.crossInstance() != null || node.crossInstance() != null) {
      fanOut("c. cross-instance (sender on A, members on B; CPU of all server processes, Redis included)",
        roomcast.crossInstance(), node.crossInstance());
    }
    targets();
    massJoin();
    return out.toString();
  }

  private void idle() {
    IdleScenario.Result r = roomcast.idle();
    IdleScenario.Result n = node.idle();
    if (r == null || n == null) {
      idleOfOne(r != null ? roomcast.server() : node.server(), r != null ? r : n);
      return;
    }
    line("### a. idle connections");
    line("");
    line("| connections | Roomcast RSS | Roomcast live heap | Node RSS | Node live heap |");
    line("|---:|---:|---:|---:|---:|");
    for (int i = 0; i < Math.max(r.steps().size(), n.steps().size()); i++) {
      IdleScenario.Step rs = i < r.steps().size() ? r.steps().get(i) : null;
      IdleScenario.Step ns = i < n.steps().size() ? n.steps().get(i) : null;
      line("| %s | %s | %s | %s | %s |", rs != null ? rs.connections() : ns.connections(),
        rs == null ? "–" : mb(rs.rssBytes()), rs == null ? "–" : mb(rs.heapBytes()),
        ns == null ? "–" : mb(ns.rssBytes()), ns == null ? "–" : mb(ns.heapBytes()));
    }
    line("");
    line("| per connection (last step − empty) | Roomcast | Node | Roomcast ÷ Node |");
    line("|---|---:|---:|---:|");
    line("| RSS | %s | %s | %s |", kb(r.rssPerConnection()), kb(n.rssPerConnection()), ratio(r.rssPerConnection(), n.rssPerConnection()));
    line("| live heap after GC | %s | %s | %s |", kb(r.heapPerConnection()), kb(n.heapPerConnection()),
      ratio(r.heapPerConnection(), n.heapPerConnection()));
    note("Roomcast", r.stoppedBy());
    note("Node", n.stoppedBy());
    line("");
  }

  /** Scenario a when it ran against one server only (or none: nothing). */
  private void idleOfOne(String server, IdleScenario.Result result) {
    if (result == null) {
      return;
    }
    line("### a. idle connections");
    line("");
    line("| connections | %s RSS | %s live heap |", server, server);
    line("|---:|---:|---:|");
    for (IdleScenario.Step step : result.steps()) {
      line("| %s | %s | %s |", step.connections(), mb(step.rssBytes()), mb(step.heapBytes()));
    }
    line("");
    line("Per connection (last step − empty): RSS %s, live heap after GC %s.", kb(result.rssPerConnection()),
      kb(result.heapPerConnection()));
    note(server, result.stoppedBy());
    line("");
  }

  private void fanOut(String title, FanOutScenario.Result r, FanOutScenario.Result n) {
    line("### " + title);
    line("");
    line("| msg/s | server | deliveries/s (expected) | server CPU (core) | of it kernel | CPU µs/delivery | p50 ms | p99 ms | p99.9 ms | max ms | generator CPU (core) |");
    line("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    int phases = Math.max(r == null ? 0 : r.phases().size(), n == null ? 0 : n.phases().size());
    for (int i = 0; i < phases; i++) {
      phaseRow("Roomcast", r, i);
      phaseRow("Node", n, i);
    }
    line("");
  }

  private void phaseRow(String server, FanOutScenario.Result result, int index) {
    if (result == null || index >= result.phases().size()) {
      return;
    }
    FanOutScenario.Phase p = result.phases().get(index);
    Histogram h = p.latencyMicros();
    double expected = p.expectedDeliveries(result.members()) / p.usage().seconds();
    line("| %d | %s | %.0f (%.0f) | %.2f | %.0f %% | %.2f | %s | %s | %s | %s | %s |", p.rate(), server, p.deliveriesPerSecond(),
      expected, p.usage().serverCoreShare(), 100 * p.usage().serverSystemShare(), p.serverCpuMicrosPerDelivery(), ms(h, 50), ms(h, 99), ms(h, 99.9),
      String.format(Locale.ROOT, "%.1f", h.getMaxValue() / 1000.0), generator(p.usage()));
  }

  private void churn() {
    ChurnScenario.Result r = roomcast.churn();
    ChurnScenario.Result n = node.churn();
    if (r == null && n == null) {
      return;
    }
    line("### d. churn (connect, CONNECT, disconnect)");
    line("");
    line("| server | connects/s | failures | server CPU (core) | of it kernel | CPU µs/connect | connect p50 ms | connect p99 ms | generator CPU (core) |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (ChurnScenario.Result c : java.util.Arrays.asList(r, n)) {
      if (c == null) {
        continue;
      }
      line("| %s | %.0f | %d | %.2f | %.0f %% | %.1f | %s | %s | %s |", c == r ? "Roomcast" : "Node", c.connectsPerSecond(),
        c.failures(), c.usage().serverCoreShare(), 100 * c.usage().serverSystemShare(), c.serverCpuMicrosPerConnect(), ms(c.connectMicros(), 50), ms(c.connectMicros(), 99),
        generator(c.usage()));
    }
    line("");
  }

  private void targets() {
    boolean idle = roomcast.idle() != null && node.idle() != null;
    boolean fanOut = roomcast.fanOut() != null && node.fanOut() != null;
    boolean churn = roomcast.churn() != null && node.churn() != null;
    if (!idle && !fanOut && !churn) {
      return;
    }
    line("### Targets (Roomcast ÷ Node, this run)");
    line("");
    line("| measure | Roomcast | Node | ratio | target | |");
    line("|---|---:|---:|---:|---:|---|");
    if (idle) {
      target("memory per idle connection (RSS)", kb(roomcast.idle().rssPerConnection()), kb(node.idle().rssPerConnection()),
        roomcast.idle().rssPerConnection() / node.idle().rssPerConnection(), 0.5);
      target("memory per idle connection (live heap)", kb(roomcast.idle().heapPerConnection()),
        kb(node.idle().heapPerConnection()), roomcast.idle().heapPerConnection() / node.idle().heapPerConnection(), 0.5);
    }
    FanOutScenario.Phase r = phase(roomcast.fanOut(), TARGET_RATE);
    FanOutScenario.Phase n = phase(node.fanOut(), TARGET_RATE);
    if (r != null && n != null) {
      target("server CPU per fan-out delivery at " + TARGET_RATE + " msg/s", us(r.serverCpuMicrosPerDelivery()),
        us(n.serverCpuMicrosPerDelivery()), r.serverCpuMicrosPerDelivery() / n.serverCpuMicrosPerDelivery(), 0.25);
      target("p99 latency at " + TARGET_RATE + "k deliveries/s", ms(r.latencyMicros(), 99) + " ms",
        ms(n.latencyMicros(), 99) + " ms",
        (double) r.latencyMicros().getValueAtPercentile(99) / n.latencyMicros().getValueAtPercentile(99), 0.5);
    }
    if (churn) {
      target("server CPU per connect", us(roomcast.churn().serverCpuMicrosPerConnect()), us(node.churn().serverCpuMicrosPerConnect()),
        roomcast.churn().serverCpuMicrosPerConnect() / node.churn().serverCpuMicrosPerConnect(), 0.5);
    }
    FanOutScenario.Phase rc = phase(roomcast.crossInstance(), TARGET_RATE);
    FanOutScenario.Phase nc = phase(node.crossInstance(), TARGET_RATE);
    if (rc != null && nc != null && rc.deliveries() > 0 && nc.deliveries() > 0) {
      target("cross-instance CPU per delivery at " + TARGET_RATE + " msg/s (vs Node + Redis adapter)",
        us(rc.serverCpuMicrosPerDelivery()), us(nc.serverCpuMicrosPerDelivery()),
        rc.serverCpuMicrosPerDelivery() / nc.serverCpuMicrosPerDelivery(), 0.3);
    } else if (fanOut) {
      line("| cross-instance CPU per delivery (vs Node + Redis adapter) | %s | %s | – | ≤ 0.30 | not measured |",
        rc == null ? "not run" : rc.deliveries() + " deliveries", nc == null ? "not run" : nc.deliveries() + " deliveries");
    }
    line("");
  }

  /** Each phase that ran, Roomcast's first, with its server's name. */
  private void forEachMassJoinPhase(MassJoinScenario.Result r, MassJoinScenario.Result n,
                                    java.util.function.BiConsumer<String, MassJoinScenario.Phase> action) {
    for (MassJoinScenario.Result result : java.util.Arrays.asList(r, n)) {
      if (result == null) {
        continue;
      }
      String server = result == r ? roomcast.server() : node.server();
      for (MassJoinScenario.Phase p : java.util.Arrays.asList(result.connectOnly(), result.enterRoom())) {
        if (p != null) {
          action.accept(server, p);
        }
      }
    }
  }

  private void massJoin() {
    MassJoinScenario.Result r = roomcast.massJoin();
    MassJoinScenario.Result n = node.massJoin();
    if (r == null && n == null) {
      return;
    }
    MassJoinScenario.Settings settings = (r != null ? r : n).settings();
    line("### e. mass join (%d connections, %d at a time, on a fresh server per phase; phase 2: each enters room-<i mod %d>)",
      settings.connections(), Math.min(settings.inFlight(), settings.connections()), settings.rooms());
    line("");
    line("| server | phase | done (of N) | failed | dropped | wall s | connections/s | client p50 ms | client p99 ms | server CPU s | of it kernel | RSS before | peak RSS | peak RSS per connection | generator CPU (core) |");
    line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    forEachMassJoinPhase(r, n, (server, p) -> {
      PhaseMeter.Usage u = p.usage();
      line("| %s | %s | %d (%d)%s | %d | %d | %.1f | %.0f | %s | %s | %.1f | %.0f %% | %s | %s | %s | %s |", server, phaseName(p),
        p.done(), p.connections(), p.completed() ? "" : " **not done**", p.failed(), p.dropped(), u.seconds(),
        p.connectionsPerSecond(), ms(p.clientMicros(), 50), ms(p.clientMicros(), 99), u.serverCpuNanos() / 1e9,
        100 * u.serverSystemShare(), mb(p.rssBeforeBytes()), mb(p.peakRssBytes()), kb(p.peakRssPerConnection()),
        generator(u));
    });
    line("");
    line("Received by the generator from the first connect until no event had arrived for %d s after the last client was done "
      + "(frames: every WebSocket data frame, Engine.IO pings included; bytes: their payloads; drain: how long events kept "
      + "arriving after the last client was done):", MassJoinScenario.QUIET_MILLIS / 1000);
    line("");
    line("| server | phase | frames | bytes | room_change frames | room_change bytes | welcome frames | welcome bytes | events after the last client was done | drain s |");
    line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    forEachMassJoinPhase(r, n, (server, p) -> {
      Traffic.Counts t = p.total();
      line("| %s | %s | %d | %s | %d | %s | %d | %s | %d | %.1f |", server, phaseName(p), t.frames(), size(t.bytes()),
        t.roomChangeFrames(), size(t.roomChangeBytes()), t.welcomeFrames(), size(t.welcomeBytes()),
        t.events() - p.atDone().events(), p.drainMillis() / 1000.0);
    });
    line("");
    line("| server | phase 2 ÷ phase 1 wall time | target | | phase 2 peak RSS per connection | target | |");
    line("|---|---:|---:|---|---:|---:|---|");
    for (MassJoinScenario.Result result : java.util.Arrays.asList(r, n)) {
      if (result == null) {
        continue;
      }
      String server = result == r ? roomcast.server() : node.server();
      double ratio = result.wallRatio();
      MassJoinScenario.Phase p2 = result.enterRoom();
      double perConnection = p2 == null ? Double.NaN : p2.peakRssPerConnection();
      line("| %s | %s | ≤ %.1f | %s | %s | < %s | %s |", server,
        Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio), MASS_JOIN_WALL_RATIO_TARGET,
        Double.isNaN(ratio) ? "**missed** (a phase did not complete)" : ratio <= MASS_JOIN_WALL_RATIO_TARGET ? "met" : "**missed**",
        Double.isNaN(perConnection) ? "–" : kb(perConnection), kb(MASS_JOIN_RSS_TARGET),
        Double.isNaN(perConnection) ? "not measured" : p2.completed() && perConnection < MASS_JOIN_RSS_TARGET ? "met" : "**missed**");
    }
    for (MassJoinScenario.Result result : java.util.Arrays.asList(r, n)) {
      if (result == null) {
        continue;
      }
      String server = result == r ? roomcast.server() : node.server();
      for (MassJoinScenario.Phase p : java.util.Arrays.asList(result.connectOnly(), result.enterRoom())) {
        if (p != null && (!p.completed() || p.firstError() != null || p.dropped() > 0)) {
          line("");
          line("%s, %s: %s%s%s", server, phaseName(p),
            p.done() + p.failed() < p.connections() ? String.format(Locale.ROOT,
              "not done after %.0f s: %d of %d connected, %d done", p.usage().seconds(), p.connected(), p.connections(), p.done())
              : "all clients answered",
            p.firstError() == null ? "" : "; first failure: " + p.firstError(),
            p.dropped() == 0 ? "" : "; " + p.dropped() + " connections closed by the server during the phase");
        }
      }
      if (result.error() != null) {
        line("");
        line("%s: %s", server, result.error());
      }
    }
    line("");
  }

  private static String phaseName(MassJoinScenario.Phase p) {
    return p.rooms() == 0 ? "1: connect" : "2: connect + enter_room";
  }

  /** Every progress sample of scenario e ({@code mass-join-timeline.md}): how the ramps went, and how far a stopped one got. */
  static String massJoinTimeline(ServerResults roomcast, ServerResults node) {
    BenchReport report = new BenchReport(roomcast, node);
    report.line("# Mass join, progress every %d s", MassJoinScenario.SAMPLE_SECONDS);
    for (ServerResults results : List.of(roomcast, node)) {
      MassJoinScenario.Result result = results.massJoin();
      if (result == null) {
        continue;
      }
      for (MassJoinScenario.Phase p : java.util.Arrays.asList(result.connectOnly(), result.enterRoom())) {
        if (p == null) {
          continue;
        }
        report.line("");
        report.line("## %s, phase %s (%d connections%s)", results.server(), phaseName(p), p.connections(),
          p.rooms() == 0 ? "" : ", " + p.rooms() + " rooms");
        report.line("");
        report.line("RSS before %s, peak during the ramp %s, peak including the drain %s, at the end %s (%d samples).",
          mb(p.rssBeforeBytes()), mb(p.peakRssBytes()), mb(p.peakRssWithDrainBytes()), mb(p.rssAfterBytes()), p.rssSamples());
        report.line("");
        report.line("| s | connected | done | failed | frames | bytes | room_change frames | room_change bytes | welcome frames | server RSS | peak RSS | server CPU s |");
        report.line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (MassJoinScenario.Sample x : p.timeline()) {
          report.line("| %.1f | %d | %d | %d | %d | %s | %d | %s | %d | %s | %s | %.1f |", x.seconds(), x.connected(), x.done(),
            x.failed(), x.received().frames(), size(x.received().bytes()), x.received().roomChangeFrames(),
            size(x.received().roomChangeBytes()), x.received().welcomeFrames(), mb(x.rssBytes()), mb(x.peakRssBytes()),
            x.serverCpuNanos() / 1e9);
        }
      }
    }
    return report.out.toString();
  }

  private static String size(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30));
    }
    if (bytes >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }
    return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
  }

  private void target(String measure, String roomcastValue, String nodeValue, double ratio, double target) {
    line("| %s | %s | %s | %.2f | ≤ %.2f | %s |", measure, roomcastValue, nodeValue, ratio, target,
      ratio <= target ? "met" : "**missed**");
  }

  private static FanOutScenario.Phase phase(FanOutScenario.Result result, int rate) {
    if (result == null) {
      return null;
    }
    return result.phases().stream().filter(p -> p.rate() == rate).findFirst().orElse(null);
  }

  private static String generator(PhaseMeter.Usage usage) {
    return String.format(Locale.ROOT, "%.2f%s", usage.generatorCoreShare(), usage.valid() ? "" : " **INVALID**");
  }

  private static String ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? "–" : String.format(Locale.ROOT, "%.2f", h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }

  private static String kb(double bytes) {
    return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
  }

  private static String us(double micros) {
    return String.format(Locale.ROOT, "%.2f µs", micros);
  }

  private static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f", a / b);
  }

  private void note(String server, String stoppedBy) {
    if (stoppedBy != null) {
      line("");
      line("%s: %s", server, stoppedBy);
    }
  }

  private void line(String format, Object... args) {
    out.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
  }
}
