package io.roomcast.engineio;

import io.vertx.junit5.RunTestOnContext;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the raw engine tests share: one {@link EchoEngineServer} with a quiet heartbeat per test
 * class, and a fresh {@link RawEngineClient} per test, all on the test's event loop.
 */
@ExtendWith(VertxExtension.class)
abstract class QuietEchoServerTest {

  @RegisterExtension
  static final RunTestOnContext context = new RunTestOnContext();

  static EchoEngineServer server;
  RawEngineClient client;

  @BeforeAll
  static void startServer(VertxTestContext test) {
    EchoEngineServer.deploy(context.vertx(), EchoEngineServer.quietHeartbeat()).onComplete(test.succeeding(started -> {
      server = started;
      test.completeNow();
    }));
  }

  @BeforeEach
  void createClient() {
    client = new RawEngineClient(context.vertx(), server);
  }

  @AfterEach
  void closeClient(VertxTestContext test) {
    client.close().onComplete(test.succeedingThenComplete());
  }
}
