package io.roomcast.server.rooms;

import com.hazelcast.core.HazelcastInstance;
import io.roomcast.server.ClusterView;
import io.roomcast.testing.Clusters;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The contract on the Hazelcast store, in a cluster of one member of this JVM. */
class HazelcastRoomStoreTest extends RoomStoreContract {

  private static Vertx member;

  @BeforeAll
  static void cluster() {
    member = await(Clusters.member(Clusters.randomName()));
  }

  @AfterAll
  static void closeCluster() {
    await(member.close());
  }

  @BeforeEach
  void store() {
    HazelcastInstance hazelcast = new ClusterView(member).hazelcast().orElseThrow();
    store = await(HazelcastRoomStore.start(member, hazelcast));
  }

  @AfterEach
  void closeStore() {
    await(store.close());
  }
}
