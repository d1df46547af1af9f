package io.roomcast.chat;

import io.vertx.core.Future;

import java.util.Collection;

/**
 * Where the chat says who is online: each socket's nickname and rooms, cluster-wide. Every call
 * carries the socket's whole entry, and one socket's calls apply in the order they were made, so a
 * call that was lost or failed is repaired by the next.
 */
public interface Presence {

  /** The socket is online with this nickname and these rooms. Nothing to wait for: one message (a connect pays no more). */
  void online(String socketId, String nickname, Collection<String> rooms);

  /** The same, completing once every node can see it. */
  Future<Void> update(String socketId, String nickname, Collection<String> rooms);

  /** The socket is gone. Nothing to wait for: one message. */
  void offline(String socketId);
}
