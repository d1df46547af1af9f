package io.roomcast.socketio;

import io.roomcast.adapter.Adapter;
import io.roomcast.adapter.LocalAdapter;

/** Settings of a Socket.IO server. */
public class SocketIoOptions {

  private long connectTimeout = 45_000;
  private int maxAttachments = 10;
  private Adapter.Factory adapterFactory = LocalAdapter::new;

  /** Milliseconds a connection may stay without joining any namespace before it is closed (at least 1000). */
  public long getConnectTimeout() {
    return connectTimeout;
  }

  public SocketIoOptions setConnectTimeout(long connectTimeout) {
    if (connectTimeout < 1000) {
      throw new IllegalArgumentException("connectTimeout must be at least 1000 ms, not " + connectTimeout);
    }
    this.connectTimeout = connectTimeout;
    return this;
  }

  /** The most binary attachments one packet may carry. */
  public int getMaxAttachments() {
    return maxAttachments;
  }

  public SocketIoOptions setMaxAttachments(int maxAttachments) {
    this.maxAttachments = maxAttachments;
    return this;
  }

  /** Makes the adapter of each namespace; {@link LocalAdapter} by default. */
  public Adapter.Factory getAdapterFactory() {
    return adapterFactory;
  }

  public SocketIoOptions setAdapterFactory(Adapter.Factory adapterFactory) {
    this.adapterFactory = adapterFactory;
    return this;
  }
}
