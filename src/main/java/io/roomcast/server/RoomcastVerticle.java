package io.roomcast.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The main verticle (the jar's {@code Main-Verticle}): reads the configuration and deploys the
 * node's verticles.
 *
 * <p>The cluster guard, the room manager and presence are one per process; the socket gateway is one per main
 * verticle instance, so {@code --instances N} gives N gateways sharing the HTTP port, one per
 * event loop. The first instance to start deploys the per-process verticles.
 */
public class RoomcastVerticle extends VerticleBase {

  private static final String LOCAL_MAP = "roomcast.main";
  private static final String SINGLETONS_OWNER = "singletons-owner";

  @Override
  public Future<?> start() {
    return ConfigSource.load(vertx, config())
      .map(loaded -> RoomcastConfig.resolve(loaded.json(), loaded.origin(), System.getenv()))
      .compose(config -> {
        DeploymentOptions options = new DeploymentOptions().setConfig(config.toJson());
        return deploySingletons(options)
          .compose(v -> vertx.deployVerticle(SocketGatewayVerticle::new, options));
      });
  }

  private Future<?> deploySingletons(DeploymentOptions options) {
    String owner = vertx.sharedData().<String, String>getLocalMap(LOCAL_MAP).putIfAbsent(SINGLETONS_OWNER, deploymentID());
    if (owner != null) {
      return Future.succeededFuture();
    }
    return Future.all(
      vertx.deployVerticle(ClusterGuardVerticle::new, options),
      vertx.deployVerticle(PresenceVerticle::new, options),
      vertx.deployVerticle(RoomManagerVerticle::new, options));
  }

  @Override
  public Future<?> stop() {
    vertx.sharedData().<String, String>getLocalMap(LOCAL_MAP).removeIfPresent(SINGLETONS_OWNER, deploymentID());
    return Future.succeededFuture();
  }
}
