package io.roomcast.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks the bench's main thread (never an event loop) on a future, with a bound. */
final class Await {

  private Await() {
  }

  static <T> T result(Future<T> future, long seconds, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " took longer than " + seconds + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits {@code millis} on a Vert.x timer. */
  static void pause(Vertx vertx, long millis) {
    result(vertx.timer(millis, TimeUnit.MILLISECONDS), millis / 1000 + 10, "a pause");
  }
}
