package io.roomcast.server;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;

/**
 * Keeps this node from serving an island. A member that stood still past the heartbeat timeout
 * (a {@code kill -STOP}, a long GC pause, a stalled VM), or that Hazelcast is merging back after a
 * split, may have been declared dead by the others, who then removed its users and stopped
 * sending it anything; if it went on serving, its clients would chat into a void and be told
 * their messages went out. So it fences itself ({@link ClusterGuard}): the gateways close every
 * connection and refuse new ones (HTTP 503), so clients reconnect elsewhere or retry, and the
 * chat refuses what would reach only part of the cluster.
 *
 * <p>Then it finds out where it stands. If no member goes missing for a few heartbeats after the
 * pause, it was never removed. If members go missing, it was: the others removed it and it sees
 * them as gone, a cluster of its own, which Hazelcast's split-brain search merges back within
 * seconds ({@code conf/cluster.xml}). Either way it then resynchronises before it serves again:
 * its event-bus registrations are back in the cluster, and the room registry and presence reload
 * the cluster's data and remove everything left of this node (it has no sockets while fenced), so
 * every socket that went has had its {@code bye} and every node agrees on every count.
 *
 * <p>A node that never had peers is never fenced: it cannot lose them. Standalone (no cluster),
 * this verticle does nothing.
 */
public class ClusterGuardVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(ClusterGuardVerticle.class.getName());
  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);
  /** How long resynchronising waits for the node's event-bus registrations to be back in the cluster. */
  private static final long REGISTRATIONS_MS = 10_000;
  /** Between two tries of a resynchronisation that failed. */
  private static final long RETRY_MS = 1_000;

  private enum Phase {
    /** Serving its clients. */
    SERVING,
    /** Fenced after a pause; waiting a few heartbeats to learn whether the others removed it. */
    CONFIRMING,
    /** Cut off from the others, or being merged back: waiting for the merge. */
    ISLAND,
    /** Back with the cluster (or alone for good); putting its data right before it serves. */
    RESYNCING
  }

  private ClusterGuard guard;
  private PauseDetector detector;
  private Runnable stopListening = () -> { };
  private Phase phase = Phase.SERVING;
  private long timer = -1;
  /** Counts fences: a resynchronisation that started before the latest one must not end it. */
  private int fences;
  private long pauseMs;
  /** When the last pause began, and when Hazelcast last removed a member (System.nanoTime(); its thread writes the latter). */
  private long pausedSince;
  private volatile long membersLostAt;
  private long confirmMs;
  private long islandMs;
  private String self;
  private String probeAddress;

  @Override
  public Future<?> start() {
    guard = ClusterGuard.of(vertx);
    ClusterView cluster = new ClusterView(vertx);
    HazelcastInstance hazelcast = cluster.hazelcast().orElse(null);
    DeployedVerticles.add(vertx, getClass().getSimpleName());
    if (hazelcast == null) {
      return Future.succeededFuture();
    }
    self = cluster.nodeId();
    HazelcastProperties properties = new HazelcastProperties(hazelcast.getConfig());
    long silence = properties.getMillis(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS);
    long heartbeat = properties.getMillis(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS);
    long mergeRound = properties.getMillis(ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS);
    // The others remove a member after `silence` without a heartbeat; its last one before a pause
    // can be a heartbeat old, and the first after it another one late. Shorter pauses are harmless.
    pauseMs = Math.max(1_000, silence - 2 * heartbeat - 500);
    // After a pause that got it removed, its first heartbeat brings the others' "you are not one of
    // us" at once; two heartbeats and a second cover it.
    confirmMs = 2 * heartbeat + 1_000;
    // A merge needs a search round or two; past that, the others are gone, not merely unreachable.
    islandMs = 6 * mergeRound;

    membersLostAt = System.nanoTime();
    var hzCluster = hazelcast.getCluster();
    if (hzCluster.getMembers().size() > 1) {
      guard.sawPeers();
    }
    UUID membership = hzCluster.addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        guard.sawPeers();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        membersLostAt = System.nanoTime();
        context.runOnContext(v -> membersWentMissing());
      }
    });
    UUID lifecycle = hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleState.MERGING) {
        // At once, from Hazelcast's thread: nothing may be served from here on.
        guard.fence("merging back into the cluster");
        context.runOnContext(v -> merging());
      } else if (event.getState() == LifecycleState.MERGED) {
        context.runOnContext(v -> merged());
      }
    });
    detector = new PauseDetector(pauseMs, paused -> {
      if (guard.hadPeers()) {
        // At once, from the detector's thread, before it clears stalled(): see ClusterGuard.serving().
        guard.fence("stood still for " + paused + " ms");
        long since = System.nanoTime() - paused * 1_000_000;
        context.runOnContext(v -> paused(paused, since));
      }
    });
    guard.watch(detector);
    stopListening = () -> {
      hzCluster.removeMembershipListener(membership);
      hazelcast.getLifecycleService().removeLifecycleListener(lifecycle);
    };
    // A cluster-wide consumer of this node's own: once it is listed again after a merge, so are
    // the node's other registrations (the cluster manager republishes them together).
    probeAddress = Addresses.GUARD_PROBE_PREFIX + self;
    return vertx.eventBus().consumer(probeAddress, message -> message.reply(self)).completion();
  }

  @Override
  public Future<?> stop() {
    stopListening.run();
    if (detector != null) {
      detector.close();
    }
    DeployedVerticles.remove(vertx, getClass().getSimpleName());
    return Future.succeededFuture();
  }

  private void paused(long pausedMs, long since) {
    LOG.log(Level.WARNING, "This node stood still for {0} ms (the cluster may remove a member silent for {1} ms or more): "
      + "closing its connections until it knows it is still a member", pausedMs, pauseMs);
    fence(guard.fencedReason());
    if (phase == Phase.ISLAND) {
      return;
    }
    phase = Phase.CONFIRMING;
    pausedSince = since;
    // Hazelcast may have removed the others before this runs (its event came first): look, then wait.
    if (membersLostAt - pausedSince > 0) {
      membersWentMissing();
      return;
    }
    schedule(confirmMs, () -> {
      if (phase != Phase.CONFIRMING) {
        return;
      }
      if (membersLostAt - pausedSince > 0) {
        membersWentMissing();
      } else {
        LOG.log(Level.INFO, "No member went missing after the pause: still a member, resynchronising");
        resync();
      }
    });
  }

  private void membersWentMissing() {
    if (phase == Phase.CONFIRMING) {
      LOG.log(Level.WARNING, "Members went missing after the pause: the cluster removed this node; waiting to merge back");
      island();
    }
  }

  private void merging() {
    LOG.log(Level.WARNING, "Merging back into the cluster after a split: connections closed until merged");
    fence(guard.fencedReason());
    island();
  }

  private void merged() {
    if (phase == Phase.ISLAND || phase == Phase.CONFIRMING) {
      LOG.log(Level.INFO, "Merged back into the cluster: resynchronising");
      resync();
    }
  }

  private void island() {
    phase = Phase.ISLAND;
    schedule(islandMs, () -> {
      if (phase == Phase.ISLAND) {
        LOG.log(Level.WARNING, "No merge within {0} ms: the former members are gone; serving as the cluster that is left", islandMs);
        resync();
      }
    });
  }

  /** Tells the gateways to close their connections and refuse new ones (again, if already fenced). */
  private void fence(String reason) {
    fences++;
    String why = reason == null ? "cut off from the cluster" : reason;
    guard.fence(why);
    vertx.eventBus().publish(Addresses.CLUSTER_STANDING, new JsonObject().put("serving", false).put("reason", why), LOCAL_ONLY);
  }

  /**
   * Puts the node's part of the cluster right, then serves again: its registrations are listed,
   * the room registry and presence reload the cluster's data and drop what is left of this node.
   */
  private void resync() {
    phase = Phase.RESYNCING;
    cancelTimer();
    int fence = fences;
    awaitRegistrations()
      .compose(v -> Future.all(
        vertx.eventBus().request(Addresses.ROOMS_RESYNC, null, LOCAL_ONLY),
        vertx.eventBus().request(Addresses.PRESENCE_RESYNC, null, LOCAL_ONLY)))
      .onComplete(done -> {
        if (fence != fences || phase != Phase.RESYNCING) {
          return; // fenced again meanwhile: that fence decides
        }
        if (done.failed()) {
          LOG.log(Level.WARNING, "Resynchronising failed, trying again: {0}", done.cause().toString());
          schedule(RETRY_MS, this::resync);
          return;
        }
        phase = Phase.SERVING;
        guard.unfence();
        LOG.log(Level.INFO, "Serving again");
        vertx.eventBus().publish(Addresses.CLUSTER_STANDING, new JsonObject().put("serving", true), LOCAL_ONLY);
      });
  }

  /** Completes once the cluster lists this node's probe consumer again; fails after {@value #REGISTRATIONS_MS} ms. */
  private Future<Void> awaitRegistrations() {
    Promise<Void> listed = Promise.promise();
    long deadline = System.currentTimeMillis() + REGISTRATIONS_MS;
    lookUp(listed, deadline);
    return listed.future();
  }

  private void lookUp(Promise<Void> listed, long deadline) {
    Promise<List<RegistrationInfo>> found = Promise.promise();
    ((VertxInternal) vertx).clusterManager().getRegistrations(probeAddress, found);
    found.future().onComplete(registrations -> {
      if (registrations.succeeded() && registrations.result().stream().anyMatch(info -> self.equals(info.nodeId()))) {
        listed.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        listed.tryFail("this node's event-bus registrations are not back in the cluster after " + REGISTRATIONS_MS + " ms");
      } else {
        vertx.setTimer(100, t -> lookUp(listed, deadline));
      }
    });
  }

  private void schedule(long delayMs, Runnable task) {
    cancelTimer();
    timer = vertx.setTimer(delayMs, t -> {
      timer = -1;
      task.run();
    });
  }

  private void cancelTimer() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
