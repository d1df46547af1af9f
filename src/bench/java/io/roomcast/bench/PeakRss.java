package io.roomcast.bench;

/**
 * The server's highest RSS while it runs: a daemon thread of its own (not an event loop, which a
 * flood of frames may keep busy) reads {@link ServerProbe#rssBytes()} ({@code /proc/<pid>/status}
 * VmRSS) every {@code periodMillis}.
 */
final class PeakRss implements AutoCloseable {

  private final ServerProbe server;
  private final long periodMillis;
  private final Thread thread;
  private volatile long peak;
  private volatile long last;
  private volatile long samples;
  private volatile String error;
  private volatile boolean stopped;

  private PeakRss(ServerProbe server, long periodMillis) {
    this.server = server;
    this.periodMillis = Math.max(1, periodMillis);
    this.thread = new Thread(this::sample, "bench-peak-rss");
    this.thread.setDaemon(true);
  }

  static PeakRss start(ServerProbe server, long periodMillis) {
    PeakRss sampler = new PeakRss(server, periodMillis);
    sampler.read();
    sampler.thread.start();
    return sampler;
  }

  /** The highest RSS seen since {@link #start}, in bytes. */
  long peak() {
    read();
    return peak;
  }

  /** The latest sample, in bytes. */
  long last() {
    return last;
  }

  long samples() {
    return samples;
  }

  /** Why sampling stopped early (the server exited), or null. */
  String error() {
    return error;
  }

  private void sample() {
    while (!stopped) {
      read();
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void read() {
    if (error != null) {
      return;
    }
    try {
      long rss = server.rssBytes();
      last = rss;
      samples++;
      if (rss > peak) {
        peak = rss;
      }
    } catch (IllegalStateException e) {
      error = e.getMessage();
      stopped = true;
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
