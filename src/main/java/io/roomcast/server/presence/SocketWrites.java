package io.roomcast.server.presence;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the writes of each socket one after the other, in the order they were asked for, so an
 * {@code enter_room} sent before a disconnect can never land after it. Writes of different sockets
 * run side by side. Used on one context.
 */
public final class SocketWrites {

  /** The last write asked for, per socket with a write under way. */
  private final Map<String, Future<Void>> last = new HashMap<>();

  /** Starts {@code write} once the socket's previous write is done (whether it worked or not). */
  public Future<Void> run(String socket, Supplier<Future<Void>> write) {
    Future<Void> previous = last.get(socket);
    Future<Void> next = previous == null ? write.get() : previous.transform(done -> write.get());
    last.put(socket, next);
    next.onComplete(done -> last.remove(socket, next));
    return next;
  }

  /** Completes when every write asked for so far is done. */
  public Future<Void> idle() {
    return Future.join(List.copyOf(last.values())).<Void>mapEmpty().otherwiseEmpty();
  }
}
