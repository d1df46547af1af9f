package io.roomcast.chat;

/**
 * A token bucket: {@code perSecond} events a second on average, bursts up to twice that.
 * One per socket, used on its context.
 */
final class RateLimiter {

  private final double perNano;
  private final double capacity;
  private double tokens;
  private long last;

  RateLimiter(int perSecond, long now) {
    this.perNano = perSecond / 1e9;
    this.capacity = perSecond * 2.0;
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes one token at {@code now} (System.nanoTime()); false when the bucket is empty. */
  boolean tryAcquire(long now) {
    tokens = Math.min(capacity, tokens + (now - last) * perNano);
    last = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
