package io.roomcast.server.presence;

import io.vertx.core.Future;

import java.util.Map;

/**
 * Where presence is authoritative: every online socket (id → {@link OnlineSocket}). In memory for
 * one node ({@link LocalPresenceStore}), in a Hazelcast map for a cluster
 * ({@link HazelcastPresenceStore}). Used on its owner's context; futures and the listener's calls
 * come there.
 */
public interface PresenceStore {

  /** Told of every change to the store, whichever node made it; {@code null} stands for no entry. */
  @FunctionalInterface
  interface Listener {
    void changed(String socket, OnlineSocket before, OnlineSocket after);
  }

  /** The entries that were there when the store started; every change since goes to the listener. */
  Map<String, OnlineSocket> existing();

  /** Every entry as the store holds it now (a fresh read, unlike {@link #existing()}). */
  Future<Map<String, OnlineSocket>> snapshot();

  /** Sets a socket's entry, replacing any; completes once every node can read it. */
  Future<Void> put(String socket, OnlineSocket entry);

  /** Removes a socket's entry, if any. */
  Future<Void> remove(String socket);

  /** Removes every entry of {@code node}. Idempotent: every survivor of a node may run it, each entry goes once. */
  Future<Void> purgeNode(String node);

  /** Stops listening. */
  Future<Void> close();
}
