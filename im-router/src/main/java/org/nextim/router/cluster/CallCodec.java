package org.nextim.router.cluster;

import io.vertx.core.buffer.Buffer;
import org.nextim.router.core.Reply;

import java.util.HashMap;
import java.util.Map;

/**
 * A REST call or a poll on its way to the node it belongs to, and its reply on the way back:
 * {@code version:u8 path:str domain:str n:int32 (key:str value:str)*}, and
 * {@code status:int32 contentType:str body:bytes}.
 */
final class CallCodec {

  static final int VERSION = 1;

  private CallCodec() {
  }

  static Buffer request(String path, String domain, Map<String, String> params) {
    Buffer b = Buffer.buffer(128);
    b.appendByte((byte) VERSION);
    LinkProtocol.str(b, path);
    LinkProtocol.str(b, domain);
    b.appendInt(params.size());
    params.forEach((k, v) -> {
      LinkProtocol.str(b, k);
      LinkProtocol.str(b, v);
    });
    return b;
  }

  /** A decoded request. */
  record Request(String path, String domain, Map<String, String> params) {
  }

  static Request decodeRequest(Buffer b) {
    LinkProtocol.Reader r = new LinkProtocol.Reader(b);
    int version = r.u8();
    if (version != VERSION) {
      throw new IllegalArgumentException("call codec v" + version + "; this node speaks v" + VERSION);
    }
    String path = r.str();
    String domain = r.str();
    int n = r.int32();
    Map<String, String> params = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      params.put(r.str(), r.str());
    }
    return new Request(path, domain, params);
  }

  static Buffer reply(Reply reply) {
    Buffer body = reply.body();
    Buffer b = Buffer.buffer(body.length() + 48);
    b.appendInt(reply.status());
    LinkProtocol.str(b, reply.contentType());
    b.appendInt(body.length()).appendBuffer(body);
    return b;
  }

  static Reply decodeReply(Buffer b) {
    LinkProtocol.Reader r = new LinkProtocol.Reader(b);
    int status = r.int32();
    String type = r.str();
    return new Reply(status, type, Buffer.buffer(r.bytes()));
  }
}
