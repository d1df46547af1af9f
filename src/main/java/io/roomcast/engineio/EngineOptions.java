package io.roomcast.engineio;

import java.util.List;
import java.util.Set;

/**
 * Settings of one Engine.IO endpoint. Defaults are the reference server's.
 *
 * <pre>{@code
 * EngineOptions options = new EngineOptions().setPath("/socket.io/").setPingInterval(25_000);
 * }</pre>
 */
public class EngineOptions {

  public static final String POLLING = "polling";
  public static final String WEBSOCKET = "websocket";

  private String path = "/engine.io/";
  private long pingInterval = 25_000;
  private long pingTimeout = 20_000;
  private long upgradeTimeout = 10_000;
  private int maxPayload = 1_000_000;
  private Set<String> transports = Set.of(POLLING, WEBSOCKET);
  private List<String> corsOrigins = List.of();
  private boolean corsCredentials;
  private AllowRequest allowRequest;
  private String sessionIdPrefix = "";
  private PollForwarder forwarder;
  private WebSocketRelay webSocketRelay;

  /** The URL path prefix, with a trailing slash, e.g. {@code /socket.io/}. */
  public String getPath() {
    return path;
  }

  public EngineOptions setPath(String path) {
    this.path = path.endsWith("/") ? path : path + "/";
    return this;
  }

  /** Milliseconds between two pings the server sends. */
  public long getPingInterval() {
    return pingInterval;
  }

  public EngineOptions setPingInterval(long pingInterval) {
    this.pingInterval = pingInterval;
    return this;
  }

  /** Milliseconds the client has to answer a ping before the session is closed. */
  public long getPingTimeout() {
    return pingTimeout;
  }

  public EngineOptions setPingTimeout(long pingTimeout) {
    this.pingTimeout = pingTimeout;
    return this;
  }

  /** Milliseconds a started WebSocket upgrade may take before the probe is dropped. */
  public long getUpgradeTimeout() {
    return upgradeTimeout;
  }

  public EngineOptions setUpgradeTimeout(long upgradeTimeout) {
    this.upgradeTimeout = upgradeTimeout;
    return this;
  }

  /** The largest POST body or WebSocket message accepted, in bytes. */
  public int getMaxPayload() {
    return maxPayload;
  }

  public EngineOptions setMaxPayload(int maxPayload) {
    this.maxPayload = maxPayload;
    return this;
  }

  /** The transports clients may use: {@code polling}, {@code websocket}. */
  public Set<String> getTransports() {
    return transports;
  }

  public EngineOptions setTransports(Set<String> transports) {
    this.transports = Set.copyOf(transports);
    return this;
  }

  /**
   * Origins allowed to open sessions and to read polling responses: exact origins such as
   * {@code https://chat.example.com}, or {@code *} for any. Empty: same-origin requests and
   * requests without an {@code Origin} header (non-browser clients) only.
   */
  public List<String> getCorsOrigins() {
    return corsOrigins;
  }

  public EngineOptions setCorsOrigins(List<String> corsOrigins) {
    this.corsOrigins = List.copyOf(corsOrigins);
    return this;
  }

  /** Whether cross-origin polling may carry cookies ({@code Access-Control-Allow-Credentials}). */
  public boolean isCorsCredentials() {
    return corsCredentials;
  }

  public EngineOptions setCorsCredentials(boolean corsCredentials) {
    this.corsCredentials = corsCredentials;
    return this;
  }

  /** An extra check on handshakes, run after the origin check; null for none. */
  public AllowRequest getAllowRequest() {
    return allowRequest;
  }

  public EngineOptions setAllowRequest(AllowRequest allowRequest) {
    this.allowRequest = allowRequest;
    return this;
  }

  /** What every session id made here starts with: tells which node owns a session. */
  public String getSessionIdPrefix() {
    return sessionIdPrefix;
  }

  public EngineOptions setSessionIdPrefix(String sessionIdPrefix) {
    this.sessionIdPrefix = sessionIdPrefix;
    return this;
  }

  /** Carries polls for other nodes' sessions to them; null to answer them "Session ID unknown". */
  public PollForwarder getForwarder() {
    return forwarder;
  }

  public EngineOptions setForwarder(PollForwarder forwarder) {
    this.forwarder = forwarder;
    return this;
  }

  /**
   * Relays WebSockets for the sessions the {@linkplain #getForwarder() forwarder} places on other
   * nodes; null to refuse them "Session ID unknown" (the client then stays on long-polling).
   */
  public WebSocketRelay getWebSocketRelay() {
    return webSocketRelay;
  }

  public EngineOptions setWebSocketRelay(WebSocketRelay webSocketRelay) {
    this.webSocketRelay = webSocketRelay;
    return this;
  }
}
