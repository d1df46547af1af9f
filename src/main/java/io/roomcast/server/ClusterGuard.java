package io.roomcast.server;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

/**
 * Whether this node may serve its clients now, readable from any thread: the process-wide state
 * that {@link ClusterGuardVerticle} keeps. A node is <em>fenced</em> from the moment it may have
 * been cut off from its cluster (it stood still long enough to be declared dead, or Hazelcast is
 * merging it back after a split) until it is back and has put its part of the cluster's data
 * right. Fenced, it serves nobody: its gateways have closed their connections and refuse new
 * ones, and the chat refuses what would reach only part of the cluster.
 */
final class ClusterGuard implements Shareable {

  private static final String MAP = "roomcast.guard";
  private static final String KEY = "guard";

  private volatile String fenced;
  private volatile PauseDetector pauses;
  private volatile boolean hadPeers;

  private ClusterGuard() {
  }

  /** The guard of this Vert.x instance (one per process, or per clustered node in a test JVM). */
  static ClusterGuard of(Vertx vertx) {
    var map = vertx.sharedData().<String, ClusterGuard>getLocalMap(MAP);
    ClusterGuard fresh = new ClusterGuard();
    ClusterGuard existing = map.putIfAbsent(KEY, fresh);
    return existing != null ? existing : fresh;
  }

  /**
   * True unless fenced, or the process has just stood still for longer than a member may be silent
   * and nobody has looked at the cluster since (only once it has had peers: a node that never had
   * any cannot have lost them).
   */
  boolean serving() {
    PauseDetector detector = pauses;
    return fenced == null && !(hadPeers && detector != null && detector.stalled());
  }

  /** Why the node is fenced, or null. */
  String fencedReason() {
    return fenced;
  }

  void fence(String reason) {
    fenced = reason;
  }

  void unfence() {
    fenced = null;
  }

  void watch(PauseDetector detector) {
    pauses = detector;
  }

  boolean hadPeers() {
    return hadPeers;
  }

  void sawPeers() {
    hadPeers = true;
  }
}
