package io.spanwise.core.export.otlp;

import io.opentelemetry.exporter.internal.marshal.ProtoFieldInfo;
import java.util.Arrays;

/**
 * Protocol buffers written in one pass into an array that grows: a nested message's length, which
 * protobuf puts before the message, is filled in when the message ends ({@link #begin}, {@link #end}).
 * One byte is kept for it, enough for a message under 128 bytes (an attribute, an event); a longer one is
 * moved up by the bytes its length needs more. The OTLP exporter's marshalers instead walk everything
 * twice, once for the sizes and once for the bytes.
 *
 * <p>Fields follow proto3: a scalar or string at its default value is not written, except where the
 * {@code always} methods say so (the members of a {@code oneof}). Not thread-safe.
 */
final class ProtoWriter {
  private byte[] bytes;
  private int position;

  ProtoWriter(int initialCapacity) {
    bytes = new byte[initialCapacity];
  }

  /** The array written into; the bytes written are {@code [0, length())}. */
  byte[] array() {
    return bytes;
  }

  int length() {
    return position;
  }

  /** Starts again at the beginning of the same array. */
  void reset() {
    position = 0;
  }

  /** Starts again with a new array: the old one may still be read by another thread. */
  void replaceArray(int capacity) {
    bytes = new byte[capacity];
    position = 0;
  }

  /** Writes a nested message's tag and keeps a byte for its length; returns what {@link #end} needs. */
  int begin(ProtoFieldInfo field) {
    return begin(field, 1);
  }

  /**
   * Writes a nested message's tag and keeps {@code reserved} bytes for its length (2 for a span, usually
   * 128 bytes to 16 KB; 3 for a batch's scope), so that its bytes need not move when it ends.
   */
  int begin(ProtoFieldInfo field, int reserved) {
    tag(field);
    ensure(reserved);
    int at = position;
    position += reserved;
    return at;
  }

  /** Ends the message {@link #begin(ProtoFieldInfo)} started: its length goes before it. */
  void end(int lengthAt) {
    end(lengthAt, 1);
  }

  /** Ends the message {@link #begin(ProtoFieldInfo, int)} started, moving it if its length needs more or fewer bytes. */
  void end(int lengthAt, int reserved) {
    int start = lengthAt + reserved;
    int length = position - start;
    int shift = varintSize(length) - reserved;
    if (shift != 0) {
      ensure(Math.max(shift, 0));
      System.arraycopy(bytes, start, bytes, start + shift, length);
      position += shift;
    }
    int at = lengthAt;
    int value = length;
    while ((value & ~0x7F) != 0) {
      bytes[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[at] = (byte) value;
  }

  void string(ProtoFieldInfo field, String value) {
    if (!value.isEmpty()) {
      stringAlways(field, value);
    }
  }

  void stringAlways(ProtoFieldInfo field, String value) {
    tag(field);
    int length = utf8Length(value);
    varint(length);
    ensure(length);
    if (length == value.length()) {
      asciiBytes(value);
    } else {
      writeUtf8(value);
    }
  }

  /** A string already encoded (an attribute key's UTF-8, kept by the key). */
  void utf8(ProtoFieldInfo field, byte[] value) {
    if (value.length > 0) {
      bytesAlways(field, value);
    }
  }

  void bytesAlways(ProtoFieldInfo field, byte[] value) {
    tag(field);
    varint(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, bytes, position, value.length);
    position += value.length;
  }

  /** A field of 8 bytes (an id) written from a number, its bytes in the number's order. */
  void id8(ProtoFieldInfo field, long value) {
    tag(field);
    varint(8);
    bigEndian(value);
  }

  /** A field of 16 bytes (a trace id) written from two numbers. */
  void id16(ProtoFieldInfo field, long high, long low) {
    tag(field);
    varint(16);
    bigEndian(high);
    bigEndian(low);
  }

  void uint32(ProtoFieldInfo field, int value) {
    if (value != 0) {
      tag(field);
      varint(value & 0xFFFFFFFFL);
    }
  }

  void enumValue(ProtoFieldInfo field, int value) {
    uint32(field, value);
  }

  void int64Always(ProtoFieldInfo field, long value) {
    tag(field);
    varint(value);
  }

  void boolAlways(ProtoFieldInfo field, boolean value) {
    tag(field);
    ensure(1);
    bytes[position++] = (byte) (value ? 1 : 0);
  }

  void fixed64(ProtoFieldInfo field, long value) {
    if (value != 0) {
      fixed64Always(field, value);
    }
  }

  void fixed64Always(ProtoFieldInfo field, long value) {
    tag(field);
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[position++] = (byte) (value >>> (8 * i));
    }
  }

  void doubleAlways(ProtoFieldInfo field, double value) {
    fixed64Always(field, Double.doubleToRawLongBits(value));
  }

  void fixed32(ProtoFieldInfo field, int value) {
    if (value != 0) {
      tag(field);
      ensure(4);
      for (int i = 0; i < 4; i++) {
        bytes[position++] = (byte) (value >>> (8 * i));
      }
    }
  }

  /** Bytes of a message encoded elsewhere (a resource, a scope), with their tag and length. */
  void message(ProtoFieldInfo field, byte[] encoded) {
    bytesAlways(field, encoded);
  }

  private void tag(ProtoFieldInfo field) {
    varint(field.getTag());
  }

  private void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[position++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[position++] = (byte) value;
  }

  private void bigEndian(long value) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      bytes[position++] = (byte) (value >>> (8 * i));
    }
  }

  /**
   * An ASCII string's bytes: its chars' low bytes, which the JDK copies as one array copy for a compact
   * (Latin-1) string; exact here, since the UTF-8 length equals the number of chars only for ASCII.
   */
  @SuppressWarnings("deprecation")
  private void asciiBytes(String value) {
    value.getBytes(0, value.length(), bytes, position);
    position += value.length();
  }

  private void writeUtf8(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes[position++] = (byte) c;
      } else if (c < 0x800) {
        bytes[position++] = (byte) (0xC0 | (c >>> 6));
        bytes[position++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, value.charAt(++i));
        bytes[position++] = (byte) (0xF0 | (codePoint >>> 18));
        bytes[position++] = (byte) (0x80 | ((codePoint >>> 12) & 0x3F));
        bytes[position++] = (byte) (0x80 | ((codePoint >>> 6) & 0x3F));
        bytes[position++] = (byte) (0x80 | (codePoint & 0x3F));
      } else if (Character.isSurrogate(c)) {
        bytes[position++] = (byte) '?'; // a lone surrogate, as String.getBytes(UTF_8) writes it
      } else {
        bytes[position++] = (byte) (0xE0 | (c >>> 12));
        bytes[position++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
        bytes[position++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }

  /** The length of the string in UTF-8, as {@link #writeUtf8} writes it. */
  static int utf8Length(String value) {
    int length = value.length();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          length += 1;
        } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          length += 2; // four bytes for the two chars
          i++;
        } else if (!Character.isSurrogate(c)) {
          length += 2;
        }
      }
    }
    return length;
  }

  private static int varintSize(int value) {
    return value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;
  }

  private void ensure(int more) {
    if (position + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + more));
    }
  }
}
