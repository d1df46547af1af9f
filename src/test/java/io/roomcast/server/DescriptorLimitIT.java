package io.roomcast.server;

import io.roomcast.testing.Poll;
import io.roomcast.testing.Ports;
import io.roomcast.testing.RoomcastProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of silent TCP connections must not take a node's last file descriptor. The node runs
 * under {@code ulimit -n 1024}; 1,500 connections open and say nothing (within the request-head
 * timeout, so none is closed for being slow). The node keeps its descriptors below the limit by
 * closing the oldest silent connections to make room, and a real client (the official npm
 * {@code socket.io-client}) still connects and chats.
 */
class DescriptorLimitIT {

  private static final int OPEN_FILES = 1024;
  private static final int SILENT = 1_500;

  @Test
  void silentConnectionsCannotTakeTheLastDescriptors() throws IOException {
    int port = Ports.free();
    List<Socket> silent = new ArrayList<>();
    try (RoomcastProcess node = RoomcastProcess.start(RoomcastProcess.currentJava(), Path.of("").toAbsolutePath(), port,
           Map.of(), OPEN_FILES);
         NodeChatClients clients = NodeChatClients.start()) {
      Poll.until(Duration.ofSeconds(60), "the node to answer /health", () -> ClusterMembers.health(node));
      for (int i = 0; i < SILENT; i++) {
        try {
          silent.add(new Socket("127.0.0.1", port));
        } catch (IOException refused) {
          // the node closed it at once, or the kernel's backlog was full: both are fine
        }
      }
      // Accepting runs ahead of the node's handler for a moment; then it is back under the limit.
      int descriptors = Poll.until(Duration.ofSeconds(30), "the node's descriptors to be well below " + OPEN_FILES, () -> {
        int open = new File("/proc/" + node.process().pid() + "/fd").list().length;
        return open < OPEN_FILES - 100 ? open : null;
      });

      NodeChatClients.Client ann = clients.connect("A", port).nickname("Ann");
      assertEquals(1, ann.request("enter_room", "still-here").getInteger("count"), "a real client connects and chats");
      JsonObject health = Poll.until(Duration.ofSeconds(30), "/health", () -> ClusterMembers.health(node));
      JsonObject refused = health.getJsonObject("connections").getJsonObject("refused");
      assertTrue(refused.getLong("closed to make room: no request yet", 0L) > 0, "silent connections were closed to make room: " + health);
      System.out.printf("DescriptorLimitIT: %d silent connections against a node limited to %d files: %d descriptors open, "
        + "refusals %s; a real client chatted%n", SILENT, OPEN_FILES, descriptors, refused);
    } finally {
      for (Socket socket : silent) {
        socket.close();
      }
    }
  }
}
