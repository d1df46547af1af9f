package io.roomcast.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU and wall time of one measured phase: the server's (from {@link ServerProbe}) and the load
 * generator's own, so a phase where the generator was the bottleneck is marked invalid.
 */
final class PhaseMeter {

  /** Above this share of one core the generator may have limited the result. */
  static final double GENERATOR_CPU_LIMIT = 0.8;

  private static final com.sun.management.OperatingSystemMXBean OS =
    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final ServerProbe server;
  private final long wallStart;
  private final long serverCpuStart;
  private final long serverSystemStart;
  private final long generatorCpuStart;

  private PhaseMeter(ServerProbe server) {
    this.server = server;
    this.wallStart = System.nanoTime();
    this.serverCpuStart = server.cpuNanos();
    this.serverSystemStart = server.systemCpuNanos();
    this.generatorCpuStart = OS.getProcessCpuTime();
  }

  static PhaseMeter start(ServerProbe server) {
    return new PhaseMeter(server);
  }

  /** CPU and wall time since {@link #start}. */
  Usage stop() {
    long wall = System.nanoTime() - wallStart;
    return new Usage(wall, server.cpuNanos() - serverCpuStart, server.systemCpuNanos() - serverSystemStart,
      OS.getProcessCpuTime() - generatorCpuStart);
  }

  /** One phase's time, in nanoseconds. */
  record Usage(long wallNanos, long serverCpuNanos, long serverSystemNanos, long generatorCpuNanos) {

    double seconds() {
      return wallNanos / 1e9;
    }

    /** The generator's CPU as a share of one core; in-process (smoke test) it includes the server. */
    double generatorCoreShare() {
      return (double) generatorCpuNanos / wallNanos;
    }

    /** The share of the server's CPU time spent in the kernel. */
    double serverSystemShare() {
      return serverCpuNanos == 0 ? 0 : (double) serverSystemNanos / serverCpuNanos;
    }

    double serverCoreShare() {
      return (double) serverCpuNanos / wallNanos;
    }

    boolean valid() {
      return generatorCoreShare() <= GENERATOR_CPU_LIMIT;
    }
  }
}
