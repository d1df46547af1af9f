package io.roomcast.socketio.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketCodecTest {

  private final PacketDecoder decoder = new PacketDecoder(10);

  private static String text(Packet packet) {
    return PacketEncoder.encode(packet).text();
  }

  @Test
  void encodesEveryPacketType() {
    assertEquals("0{\"sid\":\"abc\"}", text(new Packet(PacketType.CONNECT, "/", new JsonObject().put("sid", "abc"), Packet.NO_ID)));
    assertEquals("0/admin,{\"sid\":\"abc\"}", text(new Packet(PacketType.CONNECT, "/admin", new JsonObject().put("sid", "abc"), Packet.NO_ID)));
    assertEquals("1", text(new Packet(PacketType.DISCONNECT, "/", null, Packet.NO_ID)));
    assertEquals("1/admin,", text(new Packet(PacketType.DISCONNECT, "/admin", null, Packet.NO_ID)));
    assertEquals("2[\"hello\",1]", text(Packet.event("/", new JsonArray().add("hello").add(1))));
    assertEquals("2/admin,12[\"hello\"]", text(Packet.event("/admin", new JsonArray().add("hello"), 12)));
    assertEquals("312[\"ok\"]", text(Packet.ack("/", new JsonArray().add("ok"), 12)));
    assertEquals("4{\"message\":\"Invalid namespace\"}",
      text(new Packet(PacketType.CONNECT_ERROR, "/", new JsonObject().put("message", "Invalid namespace"), Packet.NO_ID)));
  }

  @Test
  void binaryArgumentsBecomePlaceholdersAndAttachments() {
    Buffer a = Buffer.buffer(new byte[] {1, 2, 3});
    Buffer b = Buffer.buffer(new byte[] {4, 5, 6});
    EncodedPacket encoded = PacketEncoder.encode(Packet.event("/", new JsonArray().add("message").add(a).add(new JsonObject().put("nested", b))));
    assertEquals("52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"nested\":{\"_placeholder\":true,\"num\":1}}]", encoded.text());
    assertEquals(List.of(a, b), encoded.attachments());
    EncodedPacket ack = PacketEncoder.encode(Packet.ack("/nsp", new JsonArray().add(a), 7));
    assertEquals("61-/nsp,7[{\"_placeholder\":true,\"num\":0}]", ack.text());
  }

  @Test
  void keepsKeyOrderAndIntegers() {
    JsonObject object = new JsonObject().put("z", 1).put("a", 2.5).put("m", 10_000_000_000L);
    assertEquals("2[\"e\",{\"z\":1,\"a\":2.5,\"m\":10000000000}]", text(Packet.event("/", new JsonArray().add("e").add(object))));
    Packet decoded = decode("2[\"e\",{\"z\":1,\"a\":2.5,\"m\":10000000000}]");
    assertEquals("2[\"e\",{\"z\":1,\"a\":2.5,\"m\":10000000000}]", text(decoded));
  }

  @Test
  void decodesNamespacesAckIdsAndPayloads() {
    Packet connect = decode("0/custom,{\"token\":\"123\"}");
    assertEquals(PacketType.CONNECT, connect.type());
    assertEquals("/custom", connect.namespace());
    assertEquals(new JsonObject().put("token", "123"), connect.data());

    Packet bare = decode("0/custom");
    assertEquals("/custom", bare.namespace());
    assertNull(bare.data());

    Packet event = decode("2/chat,456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
    assertEquals("/chat", event.namespace());
    assertEquals(456, event.id());
    assertEquals(new JsonArray("[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"), event.args());

    Packet ack = decode("31[]");
    assertEquals(PacketType.ACK, ack.type());
    assertEquals(1, ack.id());

    assertEquals(PacketType.DISCONNECT, decode("1").type());
    assertEquals(PacketType.EVENT, decode("2[1,2]").type(), "numeric event names are allowed, as in socket.io-parser");
  }

  @Test
  void reassemblesBinaryPackets() throws Exception {
    assertNull(decoder.decode("52-789[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
    assertTrue(decoder.awaitingAttachments());
    assertNull(decoder.decode(Buffer.buffer(new byte[] {1, 2, 3})));
    Packet packet = decoder.decode(Buffer.buffer(new byte[] {4, 5, 6}));
    assertFalse(decoder.awaitingAttachments());
    assertEquals(PacketType.EVENT, packet.type());
    assertEquals(789, packet.id());
    assertEquals(Buffer.buffer(new byte[] {1, 2, 3}), packet.args().getBuffer(1));
    assertEquals(Buffer.buffer(new byte[] {4, 5, 6}), packet.args().getBuffer(2));
    EncodedPacket back = PacketEncoder.encode(Packet.ack("/", new JsonArray(packet.args().getList().subList(1, 3)), 789));
    assertEquals("62-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", back.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "9", "abc", "2{}", "2[]", "2abc[\"message\"]", "2\"just a string\"", "2[{}]",
    "2[\"connect\"]", "2[\"disconnect\",1]", "2[\"disconnecting\"]", "2[\"connect_error\"]", "2[\"newListener\"]", "2[\"removeListener\"]",
    "1{}", "3[]", "3\"x\"", "0[]", "0\"str\"", "2[\"a\"", "5[\"x\"]", "5x-[\"x\"]", "50-[\"x\"]", "511-[\"x\"]",
    "2123456789012345678[\"x\"]"
  })
  void refusesMalformedPackets(String input) {
    assertThrows(MalformedPacketException.class, () -> decoder.decode(input), input);
  }

  @Test
  void refusesBinaryWithoutPendingPacketAndTextWhileWaiting() throws Exception {
    assertThrows(MalformedPacketException.class, () -> decoder.decode(Buffer.buffer("x")));
    assertNull(decoder.decode("51-[\"x\",{\"_placeholder\":true,\"num\":0}]"));
    assertThrows(MalformedPacketException.class, () -> decoder.decode("2[\"y\"]"));
  }

  @Test
  void refusesPlaceholderPointingNowhere() throws Exception {
    assertNull(decoder.decode("51-[\"x\",{\"_placeholder\":true,\"num\":3}]"));
    assertThrows(MalformedPacketException.class, () -> decoder.decode(Buffer.buffer("x")));
  }

  @Test
  void connectErrorMayCarryAString() {
    Packet packet = decode("4\"not allowed\"");
    assertInstanceOf(String.class, packet.data());
  }

  private Packet decode(String text) {
    try {
      return decoder.decode(text);
    } catch (MalformedPacketException e) {
      throw new AssertionError(text + ": " + e.getMessage(), e);
    }
  }
}
