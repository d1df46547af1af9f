package io.roomcast.socketio.impl;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable socket ids: 15 random bytes, URL-safe base64 (20 characters), as socket.io makes them. */
final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {
  }

  static String next() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
