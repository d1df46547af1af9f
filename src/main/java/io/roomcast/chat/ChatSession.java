package io.roomcast.chat;

import io.roomcast.socketio.Socket;

import java.util.LinkedHashSet;
import java.util.Set;

/** One connected chat user: nickname, the rooms it entered, its rate limit. Lives on its socket's context. */
final class ChatSession {

  final Socket socket;
  String nickname;
  final Set<String> rooms = new LinkedHashSet<>();
  private final RateLimiter limiter;

  ChatSession(Socket socket, ChatOptions options) {
    this.socket = socket;
    this.nickname = "guest-" + socket.id().substring(0, 6);
    this.limiter = new RateLimiter(options.eventsPerSecond(), System.nanoTime());
  }

  boolean allowEvent() {
    return limiter.tryAcquire(System.nanoTime());
  }
}
