package io.roomcast.engineio.impl;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions of one Engine.IO endpoint in this process, shared by every gateway instance:
 * a polling request may arrive on another event loop than the one that owns its session.
 * Only lookups cross threads; each session's state stays on its own context.
 */
public final class SessionTable implements Shareable {

  private static final String LOCAL_MAP = "roomcast.engineio.sessions";

  private final ConcurrentHashMap<String, EngineSocketImpl> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  /** GETs other nodes forwarded here and that wait for data, by request id (to abort them). */
  private final ConcurrentHashMap<String, PollReply> forwarded = new ConcurrentHashMap<>();
  private final String prefix;
  /** Sessions whose transport is a WebSocket, local or relayed. */
  private final AtomicInteger webSockets = new AtomicInteger();

  private SessionTable(String prefix) {
    this.prefix = prefix;
  }

  /** The table of the endpoint at {@code path} in this Vert.x instance. */
  public static SessionTable shared(Vertx vertx, String path, String prefix) {
    var map = vertx.sharedData().<String, SessionTable>getLocalMap(LOCAL_MAP);
    SessionTable fresh = new SessionTable(prefix);
    SessionTable existing = map.putIfAbsent(path, fresh);
    return existing != null ? existing : fresh;
  }

  /** A new unguessable session id: the node's prefix, then 15 random bytes in URL-safe base64 (20 characters). */
  String newId() {
    byte[] bytes = new byte[15];
    random.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  void holdForwarded(String requestId, PollReply reply) {
    forwarded.put(requestId, reply);
  }

  PollReply releaseForwarded(String requestId) {
    return forwarded.remove(requestId);
  }

  EngineSocketImpl get(String id) {
    return sessions.get(id);
  }

  void add(EngineSocketImpl session) {
    sessions.put(session.id(), session);
  }

  void remove(EngineSocketImpl session) {
    sessions.remove(session.id(), session);
  }

  public int size() {
    return sessions.size();
  }

  void webSocketOpened() {
    webSockets.incrementAndGet();
  }

  void webSocketClosed() {
    webSockets.decrementAndGet();
  }

  int webSockets() {
    return webSockets.get();
  }

  Collection<EngineSocketImpl> all() {
    return sessions.values();
  }
}
