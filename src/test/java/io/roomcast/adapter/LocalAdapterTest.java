package io.roomcast.adapter;

import io.vertx.core.Vertx;

class LocalAdapterTest extends AdapterContract {

  @Override
  protected Adapter create(Vertx vertx, RecordingSockets sockets) {
    return new LocalAdapter("/", sockets);
  }
}
