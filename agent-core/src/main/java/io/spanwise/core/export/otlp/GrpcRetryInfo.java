package io.spanwise.core.export.otlp;

import java.time.Duration;
import java.util.Base64;

/**
 * The retry delay a gRPC server asks for: the {@code google.rpc.RetryInfo} detail of the
 * {@code google.rpc.Status} sent in the {@code grpc-status-details-bin} trailer (base64 protobuf). Read
 * by hand, a few fields deep, rather than pulling a protobuf runtime into the agent.
 */
final class GrpcRetryInfo {
  static final String TYPE_URL = "type.googleapis.com/google.rpc.RetryInfo";

  private GrpcRetryInfo() {}

  /** The delay, or null when the trailer is absent, holds no RetryInfo, or cannot be read. */
  static Duration fromTrailer(String statusDetailsBin) {
    if (statusDetailsBin == null || statusDetailsBin.isEmpty()) {
      return null;
    }
    try {
      // gRPC sends binary metadata base64-encoded, with or without padding
      return fromStatus(Base64.getDecoder().decode(pad(statusDetailsBin.trim())));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; } */
  static Duration fromStatus(byte[] status) {
    Reader status_ = new Reader(status, 0, status.length);
    while (status_.more()) {
      int tag = status_.tag();
      if (tag >>> 3 == 3 && (tag & 7) == 2) {
        Reader any = status_.message();
        String typeUrl = null;
        Reader value = null;
        while (any.more()) {
          int anyTag = any.tag();
          if (anyTag >>> 3 == 1 && (anyTag & 7) == 2) {
            typeUrl = any.string();
          } else if (anyTag >>> 3 == 2 && (anyTag & 7) == 2) {
            value = any.message();
          } else {
            any.skip(anyTag);
          }
        }
        if (TYPE_URL.equals(typeUrl) && value != null) {
          return retryDelay(value);
        }
      } else {
        status_.skip(tag);
      }
    }
    return null;
  }

  /** RetryInfo { google.protobuf.Duration retry_delay = 1; } Duration { int64 seconds = 1; int32 nanos = 2; } */
  private static Duration retryDelay(Reader retryInfo) {
    while (retryInfo.more()) {
      int tag = retryInfo.tag();
      if (tag >>> 3 == 1 && (tag & 7) == 2) {
        Reader duration = retryInfo.message();
        long seconds = 0;
        long nanos = 0;
        while (duration.more()) {
          int t = duration.tag();
          if (t == (1 << 3)) {
            seconds = duration.varint();
          } else if (t == (2 << 3)) {
            nanos = duration.varint();
          } else {
            duration.skip(t);
          }
        }
        Duration delay = Duration.ofSeconds(seconds, nanos);
        return delay.isNegative() ? null : delay;
      }
      retryInfo.skip(tag);
    }
    return null;
  }

  private static String pad(String base64) {
    int rest = base64.length() % 4;
    return rest == 0 ? base64 : base64 + "===".substring(0, 4 - rest);
  }

  /** Protobuf wire format, the part needed here. Throws IndexOutOfBoundsException on truncated input. */
  private static final class Reader {
    private final byte[] bytes;
    private int pos;
    private final int end;

    Reader(byte[] bytes, int pos, int end) {
      this.bytes = bytes;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    int tag() {
      return (int) varint();
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IndexOutOfBoundsException("truncated varint");
        }
        byte b = bytes[pos++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IndexOutOfBoundsException("varint too long");
    }

    Reader message() {
      int length = (int) varint();
      if (length < 0 || pos + length > end) {
        throw new IndexOutOfBoundsException("truncated field");
      }
      Reader inner = new Reader(bytes, pos, pos + length);
      pos += length;
      return inner;
    }

    String string() {
      Reader s = message();
      return new String(bytes, s.pos, s.end - s.pos, java.nio.charset.StandardCharsets.UTF_8);
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0:
          varint();
          break;
        case 1:
          pos += 8;
          break;
        case 2:
          message();
          break;
        case 5:
          pos += 4;
          break;
        default:
          throw new IndexOutOfBoundsException("unsupported wire type " + (tag & 7));
      }
      if (pos > end) {
        throw new IndexOutOfBoundsException("truncated field");
      }
    }
  }
}
