package io.spanwise.instrumentation.servlet;

import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.CharChunk;
import org.apache.tomcat.util.buf.MessageBytes;

/**
 * The last few distinct values of one request field that repeats from request to request (the server
 * name, the user agent, the request path), so that a request whose bytes spell one of them gets that
 * string instead of a new one (helper). A service is called by a few clients under a few host names, on
 * a few paths: decoding each request's copy made two objects per value, about 110 bytes for a host name.
 *
 * <p>Bytes are matched only when they are ASCII, which every charset Tomcat decodes headers with reads
 * the same way; any other value is decoded as Tomcat decodes it, and not kept. The entries are read and
 * written without a lock: strings are immutable, and a racing reader sees an older entry or none, which
 * only costs it a decoding.
 */
final class RecentTexts {
  /** Values longer than this are not kept: a long value is seldom the same twice. */
  private static final int MAX_LENGTH = 256;

  private final String[] texts;
  private int next;

  /** @param size how many distinct values are kept, the oldest replaced first */
  RecentTexts(int size) {
    texts = new String[size];
  }

  /** What {@code value.toString()} answers, a kept string when one matches. */
  String of(MessageBytes value) {
    if (value == null) {
      return null;
    }
    String kept = find(value);
    if (kept != null || value.getType() == MessageBytes.T_NULL) {
      return kept;
    }
    if (value.getType() == MessageBytes.T_BYTES) {
      ByteChunk bytes = value.getByteChunk();
      byte[] buffer = bytes.getBuffer();
      if (buffer == null) {
        return null;
      }
      String text = new String(buffer, bytes.getStart(), bytes.getLength(), bytes.getCharset());
      return isAscii(buffer, bytes.getStart(), bytes.getLength()) ? keep(text) : text;
    }
    return keep(value.toString()); // chars
  }

  /**
   * The kept string {@code value} spells, the string Tomcat already holds for it, or null: nothing is
   * decoded here.
   */
  String find(MessageBytes value) {
    switch (value.getType()) {
      case MessageBytes.T_BYTES:
        return findBytes(value.getByteChunk());
      case MessageBytes.T_CHARS:
        return findChars(value.getCharChunk());
      default:
        return value.toString(); // a string Tomcat already holds, or null
    }
  }

  private String findBytes(ByteChunk bytes) {
    byte[] buffer = bytes.getBuffer();
    if (buffer == null) {
      return null;
    }
    int start = bytes.getStart();
    int length = bytes.getLength();
    for (String text : texts) {
      if (text != null && text.length() == length && sameAscii(buffer, start, text)) {
        return text;
      }
    }
    return null;
  }

  private String findChars(CharChunk chars) {
    char[] buffer = chars.getBuffer();
    if (buffer == null) {
      return null;
    }
    int start = chars.getStart();
    int length = chars.getLength();
    for (String text : texts) {
      if (text != null && text.length() == length && sameChars(buffer, start, text)) {
        return text;
      }
    }
    return null;
  }

  /**
   * Keeps {@code text} for the requests to come when it is short enough (a string decoded from bytes
   * only when they were ASCII, which {@link #findBytes} can match); returns it.
   */
  String keep(String text) {
    if (text != null && text.length() <= MAX_LENGTH) {
      int slot = next;
      texts[slot] = text;
      next = (slot + 1) % texts.length;
    }
    return text;
  }

  private static boolean sameAscii(byte[] buffer, int start, String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      byte b = buffer[start + i];
      if (b < 0 || b != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameChars(char[] buffer, int start, String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      if (buffer[start + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAscii(byte[] buffer, int start, int length) {
    for (int i = start, end = start + length; i < end; i++) {
      if (buffer[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
