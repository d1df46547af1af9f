package io.roomcast.server;

import io.vertx.core.json.JsonArray;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Every event one chat client received, in arrival order, for a test thread to wait on. Waits look
 * at the events from an index on ({@link #mark()}), so an event that arrived before the wait began
 * still counts, and "nothing else arrived" can be checked up to a later marker event.
 */
final class ChatEvents {

  /** One received event: its name and arguments. */
  record Event(String name, JsonArray args) {
  }

  /** How long one expected event may take. */
  static final Duration STEP = Duration.ofSeconds(15);

  private final String label;
  private final List<Event> events = new ArrayList<>();

  ChatEvents(String label) {
    this.label = label;
  }

  synchronized void add(Event event) {
    events.add(event);
    notifyAll();
  }

  /** The index the next event will have. */
  synchronized int mark() {
    return events.size();
  }

  /** The first event at index {@code >= from} that matches; fails after {@link #STEP} naming {@code what}. */
  Event await(String what, int from, Predicate<Event> match) {
    return await(what, from, STEP, match);
  }

  /** The first event at index {@code >= from} that matches; fails after {@code within} naming {@code what}. */
  Event await(String what, int from, Duration within, Predicate<Event> match) {
    long deadline = System.nanoTime() + within.toNanos();
    synchronized (this) {
      int index = from;
      while (true) {
        for (; index < events.size(); index++) {
          if (match.test(events.get(index))) {
            return events.get(index);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(label + ": no " + what + " within " + within + "; received since: " + events.subList(from, events.size()));
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** The next {@code name} event with exactly these arguments, from {@code from} on. */
  Event await(String name, JsonArray args, int from) {
    return await(name + args.encode(), from, e -> e.name().equals(name) && e.args().equals(args));
  }

  /** The arguments of the {@code name} events from {@code from} on. */
  synchronized List<JsonArray> received(String name, int from) {
    List<JsonArray> found = new ArrayList<>();
    for (Event event : events.subList(Math.min(from, events.size()), events.size())) {
      if (event.name().equals(name)) {
        found.add(event.args());
      }
    }
    return found;
  }

  /** Every event from {@code from} on, for assertion messages. */
  synchronized List<Event> since(int from) {
    return List.copyOf(events.subList(from, events.size()));
  }

  /** The room list of a {@code room_change} event. */
  static JsonArray rooms(Event event) {
    return event.args().getJsonArray(0);
  }

  /** The count of {@code room} in a room list, or -1 when the list does not have it. */
  static int count(JsonArray rooms, String room) {
    for (int i = 0; i < rooms.size(); i++) {
      if (room.equals(rooms.getJsonObject(i).getString("name"))) {
        return rooms.getJsonObject(i).getInteger("count");
      }
    }
    return -1;
  }

  /** Matches a {@code room_change} whose list has {@code room} with {@code count} (-1: without the room). */
  static Predicate<Event> roomChange(String room, int count) {
    return e -> e.name().equals("room_change") && count(rooms(e), room) == count;
  }
}
