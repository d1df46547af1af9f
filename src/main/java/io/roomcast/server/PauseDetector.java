package io.roomcast.server;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Notices that the whole process stood still: a {@code kill -STOP}, a long GC pause, a stalled VM.
 * A daemon thread looks at the monotonic clock every {@value #TICK_MS} ms; when a look comes much
 * later than asked, every thread of the process was held up as long, and the cluster may have
 * declared this member dead meanwhile.
 *
 * <p>Two ways to learn of it. The thread reports each pause of at least the threshold to
 * {@code onPause} (on its own thread) once it runs again. And {@link #stalled()} answers, from any
 * thread, whether the last look is older than the threshold: right after the process resumes, an
 * event loop can run before this thread does, and must not act as if nothing had happened.
 */
final class PauseDetector implements AutoCloseable {

  static final long TICK_MS = 100;

  private final long thresholdNanos;
  private final LongConsumer onPause;
  private final Thread thread;
  private volatile long lastLook = System.nanoTime();
  private volatile boolean closed;

  /** Starts looking; {@code onPause} gets the length of each pause of at least {@code thresholdMs}, in milliseconds. */
  PauseDetector(long thresholdMs, LongConsumer onPause) {
    this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(thresholdMs);
    this.onPause = onPause;
    this.thread = new Thread(this::look, "roomcast-pause-detector");
    thread.setDaemon(true);
    thread.start();
  }

  /** True while the last look is at least the threshold old: the process is, or just was, standing still. */
  boolean stalled() {
    return System.nanoTime() - lastLook >= thresholdNanos;
  }

  private void look() {
    while (!closed) {
      try {
        Thread.sleep(TICK_MS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      long late = now - lastLook - TimeUnit.MILLISECONDS.toNanos(TICK_MS);
      if (late >= thresholdNanos) {
        // Report before the next look clears stalled(): whoever reads it meanwhile still sees the pause.
        onPause.accept(TimeUnit.NANOSECONDS.toMillis(late));
      }
      lastLook = now;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
