package io.roomcast.adapter;

import io.roomcast.testing.Clusters;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.concurrent.TimeUnit;

/** The adapter contract, held by the event-bus adapter on a clustered Vert.x (Hazelcast). */
class ClusteredEventBusAdapterTest extends AdapterContract {

  private static Vertx clustered;

  @BeforeAll
  static void startCluster() throws Exception {
    clustered = Clusters.member(Clusters.randomName()).await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    clustered.close().await(30, TimeUnit.SECONDS);
  }

  @Override
  protected Adapter create(Vertx vertx, RecordingSockets sockets) {
    return new EventBusAdapter(clustered, "/", sockets);
  }
}
