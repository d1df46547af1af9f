package io.roomcast.engineio;

/**
 * A WebSocket that a node accepted for a session of another node: the session id, and whether the
 * client asked ({@code b64=1}) for binary messages as base64 text frames.
 */
public record RelayedWebSocket(String sid, boolean base64) {
}
