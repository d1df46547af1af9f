package io.roomcast.bench;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The markdown tables of one run: Roomcast and Node side by side, then the targets. */
final class BenchReport {

  /** The rate whose phase the fan-out targets use: 40 msg/s to 1000 members = 40k deliveries/s. */
  static final int TARGET_RATE = 40;

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
    fanOut("b. fan-out", roomcast.fanOut(), node.fanOut());
    churn();
    if (roomcast.crossInstance() != null || node.crossInstance() != null) {
      fanOut("c. cross-instance (sender on A, members on B; CPU of all server processes, Redis included)",
        roomcast.crossInstance(), node.crossInstance());
    }
    targets();
    return out.toString();
  }

  private void idle() {
    IdleScenario.Result r = roomcast.idle();
    IdleScenario.Result n = node.idle();
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
    line("### d. churn (connect, CONNECT, disconnect)");
    line("");
    line("| server | connects/s | failures | server CPU (core) | of it kernel | CPU µs/connect | connect p50 ms | connect p99 ms | generator CPU (core) |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (ChurnScenario.Result c : List.of(r, n)) {
      line("| %s | %.0f | %d | %.2f | %.0f %% | %.1f | %s | %s | %s |", c == r ? "Roomcast" : "Node", c.connectsPerSecond(),
        c.failures(), c.usage().serverCoreShare(), 100 * c.usage().serverSystemShare(), c.serverCpuMicrosPerConnect(), ms(c.connectMicros(), 50), ms(c.connectMicros(), 99),
        generator(c.usage()));
    }
    line("");
  }

  private void targets() {
    line("### Targets (Roomcast ÷ Node, this run)");
    line("");
    line("| measure | Roomcast | Node | ratio | target | |");
    line("|---|---:|---:|---:|---:|---|");
    target("memory per idle connection (RSS)", kb(roomcast.idle().rssPerConnection()), kb(node.idle().rssPerConnection()),
      roomcast.idle().rssPerConnection() / node.idle().rssPerConnection(), 0.5);
    target("memory per idle connection (live heap)", kb(roomcast.idle().heapPerConnection()),
      kb(node.idle().heapPerConnection()), roomcast.idle().heapPerConnection() / node.idle().heapPerConnection(), 0.5);
    FanOutScenario.Phase r = phase(roomcast.fanOut(), TARGET_RATE);
    FanOutScenario.Phase n = phase(node.fanOut(), TARGET_RATE);
    if (r != null && n != null) {
      target("server CPU per fan-out delivery at " + TARGET_RATE + " msg/s", us(r.serverCpuMicrosPerDelivery()),
        us(n.serverCpuMicrosPerDelivery()), r.serverCpuMicrosPerDelivery() / n.serverCpuMicrosPerDelivery(), 0.25);
      target("p99 latency at " + TARGET_RATE + "k deliveries/s", ms(r.latencyMicros(), 99) + " ms",
        ms(n.latencyMicros(), 99) + " ms",
        (double) r.latencyMicros().getValueAtPercentile(99) / n.latencyMicros().getValueAtPercentile(99), 0.5);
    }
    target("server CPU per connect", us(roomcast.churn().serverCpuMicrosPerConnect()), us(node.churn().serverCpuMicrosPerConnect()),
      roomcast.churn().serverCpuMicrosPerConnect() / node.churn().serverCpuMicrosPerConnect(), 0.5);
    FanOutScenario.Phase rc = phase(roomcast.crossInstance(), TARGET_RATE);
    FanOutScenario.Phase nc = phase(node.crossInstance(), TARGET_RATE);
    if (rc != null && nc != null && rc.deliveries() > 0 && nc.deliveries() > 0) {
      target("cross-instance CPU per delivery at " + TARGET_RATE + " msg/s (vs Node + Redis adapter)",
        us(rc.serverCpuMicrosPerDelivery()), us(nc.serverCpuMicrosPerDelivery()),
        rc.serverCpuMicrosPerDelivery() / nc.serverCpuMicrosPerDelivery(), 0.3);
    } else {
      line("| cross-instance CPU per delivery (vs Node + Redis adapter) | %s | %s | – | ≤ 0.30 | not measured |",
        rc == null ? "not run" : rc.deliveries() + " deliveries", nc == null ? "not run" : nc.deliveries() + " deliveries");
    }
    line("");
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
