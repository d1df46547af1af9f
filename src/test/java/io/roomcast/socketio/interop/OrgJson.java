package io.roomcast.socketio.interop;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the official Java client's values (org.json 20090211: {@code JSONObject},
 * {@code JSONArray}, {@code JSONObject.NULL}, {@code byte[]} for binary) and Vert.x JSON
 * ({@code JsonObject}, {@code JsonArray}, {@code null}, {@code Buffer}), so tests compare with equals.
 */
final class OrgJson {

  private OrgJson() {
  }

  /** Event or ack arguments as the client received them, as a Vert.x array. */
  static JsonArray toVertx(Object... args) {
    List<Object> list = new ArrayList<>(args.length);
    for (Object arg : args) {
      list.add(toVertx(arg));
    }
    return new JsonArray(list);
  }

  static Object toVertx(Object value) {
    try {
      if (value == null || value == JSONObject.NULL) {
        return null;
      }
      if (value instanceof byte[] bytes) {
        return Buffer.buffer(bytes);
      }
      if (value instanceof JSONArray array) {
        List<Object> list = new ArrayList<>(array.length());
        for (int i = 0; i < array.length(); i++) {
          list.add(toVertx(array.get(i)));
        }
        return new JsonArray(list);
      }
      if (value instanceof JSONObject object) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<?> keys = object.keys(); keys.hasNext(); ) {
          String key = (String) keys.next();
          map.put(key, toVertx(object.get(key)));
        }
        return new JsonObject(map);
      }
      return value;
    } catch (JSONException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Vert.x values (Buffers included) as arguments for the client's {@code emit}. */
  static Object[] toClient(JsonArray args) {
    // The raw list: JsonArray's own accessors would turn Buffers into base64 strings.
    return args.getList().stream().map(OrgJson::toClient).toArray();
  }

  @SuppressWarnings("unchecked")
  static Object toClient(Object value) {
    try {
      if (value == null) {
        // org.json drops a key put with null; NULL is its JSON null.
        return JSONObject.NULL;
      }
      if (value instanceof Buffer buffer) {
        return buffer.getBytes();
      }
      if (value instanceof JsonArray || value instanceof List<?>) {
        List<Object> list = value instanceof JsonArray array ? array.getList() : (List<Object>) value;
        JSONArray array = new JSONArray();
        for (Object item : list) {
          array.put(toClient(item));
        }
        return array;
      }
      if (value instanceof JsonObject || value instanceof Map<?, ?>) {
        Map<String, Object> map = value instanceof JsonObject object ? object.getMap() : (Map<String, Object>) value;
        JSONObject object = new JSONObject();
        for (Map.Entry<String, Object> entry : map.entrySet()) {
          object.put(entry.getKey(), toClient(entry.getValue()));
        }
        return object;
      }
      return value;
    } catch (JSONException e) {
      throw new IllegalStateException(e);
    }
  }
}
