package io.roomcast.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;

import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps HTTP connections from taking what the process cannot spare. Shared by the gateways of a
 * process (one HTTP server per event loop), so its state is thread-safe.
 * <ul>
 *   <li>A connection has {@link Limits#requestHeadTimeoutMs} to send a complete request head: from
 *       when it opens, and again after each response. Silent and slow-header ("slowloris")
 *       connections are closed; a WebSocket is not timed once upgraded (Engine.IO's heartbeat
 *       governs it).</li>
 *   <li>At most {@link Limits#connectionsPerIp} open connections per remote address, and
 *       {@link Limits#handshakesPerSecondPerIp} new Engine.IO sessions a second per address
 *       (0: no limit, the default).</li>
 *   <li>Open connections stay {@link Limits#descriptorReserve} file descriptors below the process's
 *       open-files limit. A connection that would cross it makes room by closing the oldest ones
 *       that have not sent a request yet (a real client sends its request at once); without such
 *       ones it is closed itself, at once. So a flood of silent connections cannot keep the
 *       descriptors: within a moment of it (connections are accepted on another thread, which can
 *       get ahead of this), the process is back under the limit and accepts real clients again.</li>
 * </ul>
 * Refusals are counted by reason ({@link #counts()}, in {@code /health}) and logged, at most once
 * per {@value #LOG_EVERY_MS} ms per reason with the count since, so that a flood cannot flood the log.
 */
final class ConnectionGuard implements Shareable {

  /** The settings, from {@code http.*} of the configuration. */
  record Limits(long requestHeadTimeoutMs, int connectionsPerIp, int handshakesPerSecondPerIp, int descriptorReserve) {
  }

  private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());
  private static final String MAP = "roomcast.connections";
  static final long LOG_EVERY_MS = 10_000;

  private final Limits limits;
  /** How many connections may be open at once: the open-files limit, less what was open at start and the reserve. */
  private final int capacity;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
  /** Each address's handshake bucket; the {@value #ADDRESSES} addresses seen last, so that many addresses cannot grow it. */
  private final Map<String, HandshakeBucket> handshakes = java.util.Collections.synchronizedMap(
    new java.util.LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, HandshakeBucket> eldest) {
        return size() > ADDRESSES;
      }
    });
  static final int ADDRESSES = 65_536;
  /** Connections that have not sent a request head yet, oldest first: those closed to make room. */
  private final ConcurrentLinkedDeque<Watched> waiting = new ConcurrentLinkedDeque<>();
  private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();

  private ConnectionGuard(Limits limits, int capacity) {
    this.limits = limits;
    this.capacity = capacity;
  }

  /** The guard of this process, made by the first gateway with its limits. */
  static ConnectionGuard of(Vertx vertx, Limits limits) {
    var map = vertx.sharedData().<String, ConnectionGuard>getLocalMap(MAP);
    ConnectionGuard existing = map.get(MAP);
    if (existing != null) {
      return existing;
    }
    ConnectionGuard fresh = new ConnectionGuard(limits, capacity(limits.descriptorReserve()));
    existing = map.putIfAbsent(MAP, fresh);
    return existing != null ? existing : fresh;
  }

  /** The open-files limit less the descriptors open now (the JVM's, the cluster's) and the reserve; no limit if unknown. */
  private static int capacity(int reserve) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long max = unix.getMaxFileDescriptorCount();
      long used = unix.getOpenFileDescriptorCount();
      return (int) Math.max(1, Math.min(Integer.MAX_VALUE, max - used - reserve));
    }
    return Integer.MAX_VALUE;
  }

  /** Watches every connection of {@code server}; call before it listens, on its context. */
  void watch(Vertx vertx, HttpServer server) {
    server.connectionHandler(connection -> opened(vertx, connection));
  }

  /**
   * A request's head arrived, and it may go on: false (and the answer sent) when it is an Engine.IO
   * handshake over the address's rate. {@code handshake}: a request that would open a session.
   */
  boolean admit(HttpServerRequest request, boolean handshake) {
    Watched watched = watchedOf(request.connection());
    if (watched != null) {
      watched.headArrived();
      boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
      if (!upgrade) {
        // After the answer the connection may carry another request: it gets the same time for its head.
        request.response().endHandler(v -> watched.awaitHead());
      }
    }
    if (handshake && limits.handshakesPerSecondPerIp() > 0) {
      String ip = ip(request.connection());
      if (!handshakes.computeIfAbsent(ip, a -> new HandshakeBucket(limits.handshakesPerSecondPerIp())).take()) {
        refuse("handshakes per second from one address", ip);
        request.response().setStatusCode(429).putHeader("Retry-After", "1").putHeader("Content-Type", "application/json")
          .end("{\"message\":\"Too many new connections from this address, retry shortly\"}");
        return false;
      }
    }
    return true;
  }

  /** Refusals so far, by reason, and the connections open: for {@code /health}. */
  JsonObject counts() {
    JsonObject refusals = new JsonObject();
    refused.forEach((reason, count) -> refusals.put(reason, count.get()));
    return new JsonObject().put("open", open.get()).put("capacity", capacity).put("refused", refusals);
  }

  private final Map<HttpConnection, Watched> byConnection = new ConcurrentHashMap<>();

  private Watched watchedOf(HttpConnection connection) {
    return byConnection.get(connection);
  }

  private void opened(Vertx vertx, HttpConnection connection) {
    String ip = ip(connection);
    Watched watched = new Watched(vertx, connection, ip);
    byConnection.put(connection, watched);
    connection.closeHandler(v -> closed(watched));
    AtomicInteger fromIp = perIp.computeIfAbsent(ip, a -> new AtomicInteger());
    int mine = fromIp.incrementAndGet();
    int all = open.incrementAndGet();
    if (limits.connectionsPerIp() > 0 && mine > limits.connectionsPerIp()) {
      refuse("connections from one address", ip);
      connection.close();
      return;
    }
    watched.awaitHead();
    // Past capacity, each new connection takes the place of the oldest silent one, or is refused.
    // (Connections are accepted on another thread, so a flood can get ahead of this handler: the
    // ones still counted here may be closing already; one place per connection keeps the balance.)
    if (all > capacity && !makeRoom()) {
      refuse("open-files limit near", ip);
      connection.close();
    }
  }

  /** Closes the oldest connection that has sent no request yet; false if there is none. */
  private boolean makeRoom() {
    for (Iterator<Watched> it = waiting.iterator(); it.hasNext(); ) {
      Watched oldest = it.next();
      it.remove();
      if (oldest.evictable()) {
        refuse("closed to make room: no request yet", oldest.ip);
        oldest.connection.close();
        return true;
      }
    }
    return false;
  }

  private void closed(Watched watched) {
    if (byConnection.remove(watched.connection) == null) {
      return;
    }
    watched.closed();
    waiting.remove(watched);
    open.decrementAndGet();
    perIp.computeIfPresent(watched.ip, (ip, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  private void refuse(String reason, String ip) {
    long count = refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    AtomicLong last = lastLogged.computeIfAbsent(reason, r -> new AtomicLong());
    long now = System.currentTimeMillis();
    long before = last.get();
    if (now - before >= LOG_EVERY_MS && last.compareAndSet(before, now)) {
      LOG.log(System.Logger.Level.WARNING, "Refused a connection ({0}), the last from {1}; {2} so refused since start",
        reason, ip, count);
    }
  }

  private static String ip(HttpConnection connection) {
    return connection.remoteAddress() == null ? "unknown" : String.valueOf(connection.remoteAddress().hostAddress());
  }

  /** One connection: whether it has sent a request head, and the timer that closes it if it takes too long. */
  private final class Watched {
    private final Vertx vertx;
    private final HttpConnection connection;
    private final String ip;
    private volatile boolean sentRequest;
    private volatile boolean closed;
    private long timer = -1;

    Watched(Vertx vertx, HttpConnection connection, String ip) {
      this.vertx = vertx;
      this.connection = connection;
      this.ip = ip;
    }

    /** Waiting for a request head: timed, and evictable until its first one. */
    synchronized void awaitHead() {
      if (closed) {
        return;
      }
      if (!sentRequest) {
        waiting.add(this);
      }
      cancel();
      timer = vertx.setTimer(limits.requestHeadTimeoutMs(), t -> {
        refuse("no complete request within the timeout", ip);
        connection.close();
      });
    }

    synchronized void headArrived() {
      sentRequest = true;
      cancel();
    }

    synchronized void closed() {
      closed = true;
      cancel();
    }

    boolean evictable() {
      return !sentRequest && !closed;
    }

    private void cancel() {
      if (timer != -1) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }

  /** A token bucket: {@code perSecond} handshakes a second, in bursts of as many. */
  private static final class HandshakeBucket {
    private final int perSecond;
    private double tokens;
    private long last = System.nanoTime();

    HandshakeBucket(int perSecond) {
      this.perSecond = perSecond;
      this.tokens = perSecond;
    }

    synchronized boolean take() {
      long now = System.nanoTime();
      tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
      last = now;
      if (tokens >= 1) {
        tokens--;
        return true;
      }
      return false;
    }
  }
}
