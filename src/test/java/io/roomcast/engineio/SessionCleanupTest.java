package io.roomcast.engineio;

import io.roomcast.testing.RawWebSocket;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a session ends removes it from the session table. The heartbeat is quiet, so no
 * ping timeout can tidy up a session that a close path forgot: the count must return to 0 by
 * the close paths alone.
 */
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SessionCleanupTest extends QuietEchoServerTest {

  private static final int CYCLES = 50;

  /** Runs {@code cycle} {@code times} times, one after the other. */
  private static Future<Void> repeat(int times, Supplier<Future<?>> cycle) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < times; i++) {
      chain = chain.compose(v -> cycle.get().mapEmpty());
    }
    return chain;
  }

  /** Checks the session counts while it is open, then returns the reason it closed with. */
  private Future<String> openThenClosed(VertxTestContext test, String sid, Supplier<Future<?>> close) {
    test.verify(() -> assertTrue(server.clientsCount() >= 1, "the open session is counted"));
    return close.get().compose(v -> server.closeReason(sid));
  }

  private Future<RawWebSocket> upgradedSession(String sid) {
    return client.upgrade(sid).compose(socket -> socket.send("2probe").nextText()
      .compose(pong -> socket.send("5").send("4upgraded").nextText())
      .map(echo -> socket));
  }

  private static String sidOf(String openPacket) {
    return new JsonObject(openPacket.substring(1)).getString("sid");
  }

  private Future<Void> expectEmptyTable(VertxTestContext test, Future<Void> cycles) {
    return cycles.compose(v -> server.clientsCountReaches(0, 5_000)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void pollingSessionsClosedByTheClientLeaveNoState(VertxTestContext test) {
    expectEmptyTable(test, repeat(CYCLES, () -> client.handshake().compose(open ->
      openThenClosed(test, open.sid(), () -> client.post(open.sid(), "1")))));
  }

  @Test
  void webSocketSessionsClosedByTheClientLeaveNoState(VertxTestContext test) {
    expectEmptyTable(test, repeat(CYCLES, () -> client.webSocket(RawEngineClient.WEBSOCKET).compose(socket ->
      socket.nextText().compose(open -> openThenClosed(test, sidOf(open), socket::close)))));
  }

  @Test
  void upgradedSessionsClosedByTheClientLeaveNoState(VertxTestContext test) {
    expectEmptyTable(test, repeat(CYCLES, () -> client.handshake().compose(open -> upgradedSession(open.sid())
      .compose(socket -> openThenClosed(test, open.sid(), socket::close)))));
  }

  @Test
  void sessionsClosedByTheServerLeaveNoState(VertxTestContext test) {
    Supplier<Future<?>> overPolling = () -> client.handshake().compose(open -> openThenClosed(test, open.sid(),
      () -> client.post(open.sid(), "4close").compose(ok -> client.poll(open.sid())).map(last -> {
        test.verify(() -> assertEquals("1", last.body()));
        return last;
      })));
    Supplier<Future<?>> overWebSocket = () -> client.webSocket(RawEngineClient.WEBSOCKET).compose(socket ->
      socket.nextText().compose(open -> openThenClosed(test, sidOf(open), () -> socket.send("4close").closed())));
    Supplier<Future<?>> afterUpgrade = () -> client.handshake().compose(open -> upgradedSession(open.sid())
      .compose(socket -> openThenClosed(test, open.sid(), () -> socket.send("4close").closed())));
    expectEmptyTable(test, repeat(CYCLES / 2, () -> overPolling.get()
      .compose(v -> overWebSocket.get())
      .compose(v -> afterUpgrade.get())));
  }

  @Test
  void sessionsClosedForBreakingTheRulesLeaveNoState(VertxTestContext test) {
    Supplier<Future<?>> parseErrorOverPolling = () -> client.handshake().compose(open ->
      openThenClosed(test, open.sid(), () -> client.post(open.sid(), "9x")));
    Supplier<Future<?>> parseErrorOverWebSocket = () -> client.webSocket(RawEngineClient.WEBSOCKET).compose(socket ->
      socket.nextText().compose(open -> openThenClosed(test, sidOf(open), () -> socket.send("x").closed())));
    Supplier<Future<?>> overlappingGets = () -> client.handshake().compose(open ->
      openThenClosed(test, open.sid(), () -> {
        Future<Void> held = server.handled(HttpMethod.GET, open.sid());
        Future<RawEngineClient.Reply> first = client.poll(open.sid());
        return held.compose(v -> client.poll(open.sid())).compose(second -> first);
      }));
    expectEmptyTable(test, repeat(CYCLES / 2, () -> parseErrorOverPolling.get()
      .compose(v -> parseErrorOverWebSocket.get())
      .compose(v -> overlappingGets.get())));
  }

  @Test
  void manySessionsOpenAtOnceAllLeaveNoState(VertxTestContext test) {
    List<Future<String>> cycles = new ArrayList<>();
    for (int i = 0; i < CYCLES; i++) {
      cycles.add(client.handshake().compose(open -> client.post(open.sid(), "1").compose(ok -> server.closeReason(open.sid()))));
      cycles.add(client.webSocket(RawEngineClient.WEBSOCKET).compose(socket ->
        socket.nextText().compose(open -> socket.close().compose(v -> server.closeReason(sidOf(open))))));
    }
    expectEmptyTable(test, Future.all(cycles).mapEmpty());
  }
}
