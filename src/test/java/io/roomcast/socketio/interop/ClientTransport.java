package io.roomcast.socketio.interop;

import java.util.Locale;

/** How an interop client may reach the server: which transport it opens on and which it must end up on. */
enum ClientTransport {
  /** Long-polling only, never upgrading. */
  POLLING("polling", "polling"),
  /** WebSocket from the first request. */
  WEBSOCKET("websocket", "websocket"),
  /** The clients' default: opens on polling, then upgrades to WebSocket. */
  UPGRADE("polling", "websocket");

  final String opensOn;
  final String endsOn;

  ClientTransport(String opensOn, String endsOn) {
    this.opensOn = opensOn;
    this.endsOn = endsOn;
  }

  /** The name the Node script takes: {@code polling}, {@code websocket}, {@code upgrade}. */
  String scriptName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
