package io.roomcast.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, for tests that drive real processes from a plain thread.
 * The pause between two looks is only a polling interval; the wait ends as soon as the condition holds.
 */
public final class Poll {

  private static final long INTERVAL_NANOS = Duration.ofMillis(50).toNanos();

  private Poll() {
  }

  /** Returns the first non-null value of {@code probe}, or fails after {@code timeout} with {@code what}. */
  public static <T> T until(Duration timeout, String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.get();
        if (value != null) {
          return value;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      LockSupport.parkNanos(INTERVAL_NANOS);
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
  }
}
