package io.roomcast.adapter;

import java.util.Set;

/**
 * Who a broadcast reaches: sockets in any of {@code rooms} (all sockets when empty), minus those
 * in any of {@code except}. {@code local} keeps it to this node; {@code volatile} lets it be
 * dropped for a socket that cannot take it right now. Immutable.
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, boolean local, boolean isVolatile) {

  public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), false, false);

  public BroadcastOptions {
    rooms = Set.copyOf(rooms);
    except = Set.copyOf(except);
  }

  public BroadcastOptions withRooms(Set<String> more) {
    return new BroadcastOptions(union(rooms, more), except, local, isVolatile);
  }

  public BroadcastOptions withExcept(Set<String> more) {
    return new BroadcastOptions(rooms, union(except, more), local, isVolatile);
  }

  public BroadcastOptions asLocal() {
    return new BroadcastOptions(rooms, except, true, isVolatile);
  }

  public BroadcastOptions asVolatile() {
    return new BroadcastOptions(rooms, except, local, true);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    if (a.isEmpty()) {
      return b;
    }
    java.util.HashSet<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
