package io.spanwise.core.propagation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The W3C Baggage header grammar, read and written; no OpenTelemetry type here ({@link W3CBaggage} maps it
 * to OpenTelemetry's {@code Baggage}).
 *
 * <pre>
 * baggage-string =  list-member 0*179( OWS "," OWS list-member )
 * list-member    =  key OWS "=" OWS value *( OWS ";" OWS property )
 * property       =  key OWS "=" OWS value
 * property       =/ key OWS
 * key            =  token                      ; RFC 7230
 * value          =  *baggage-octet
 * baggage-octet  =  %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
 * OWS            =  *( SP / HTAB )
 * </pre>
 *
 * <p>Reading: members are taken in order; empty members and empty properties are skipped; a member
 * outside the grammar (no {@code =}, a key that is not a token, a character outside {@code baggage-octet}
 * in a value, a property that is neither form) is left out and the others kept, as the spec allows. Values and key-value properties' values are
 * percent-decoded as UTF-8; a sequence that is not UTF-8 becomes U+FFFD, a {@code %} not followed by two
 * hex digits stays as it is. A key-only property is a token and is kept as it is, never decoded.
 *
 * <p>Writing: values and property values are percent-encoded like the W3C suite's reference writer
 * (Python's {@code urllib.parse.quote}): every UTF-8 byte but {@code A-Z a-z 0-9 - . _ ~ /} becomes
 * {@code %XX}. That is more than the spec requires ({@code baggage-octet}s MAY stay as they are), and it is
 * what the suite's cases expect byte for byte; what it makes reads back the same with any conforming
 * reader.
 */
public final class BaggageHeader {
  private BaggageHeader() {}

  /** One list member: its key, its decoded value and its properties in order. */
  public static final class Member {
    public final String key;
    public final String value;
    public final List<Property> properties;

    public Member(String key, String value, List<Property> properties) {
      this.key = key;
      this.value = value;
      this.properties = properties == null ? Collections.emptyList() : properties;
    }

    /** The member as written: {@code key=encoded-value} and {@code ;property} for each property. */
    public String write() {
      StringBuilder out = new StringBuilder(key.length() + value.length() + 8);
      out.append(key).append('=');
      encode(value, out);
      for (Property property : properties) {
        out.append(';');
        property.write(out);
      }
      return out.toString();
    }

    @Override
    public String toString() {
      return write();
    }
  }

  /** A property: a key alone ({@code value == null}) or a key and its decoded value. */
  public static final class Property {
    public final String key;
    public final String value;

    public Property(String key, String value) {
      this.key = key;
      this.value = value;
    }

    void write(StringBuilder out) {
      out.append(key);
      if (value != null) {
        out.append('=');
        encode(value, out);
      }
    }
  }

  /** The valid members of a combined header value (several lines joined by commas), in order. */
  public static List<Member> parse(String header) {
    List<Member> members = new ArrayList<>();
    if (header == null) {
      return members;
    }
    int start = 0;
    int length = header.length();
    while (start <= length) {
      int end = header.indexOf(',', start);
      if (end < 0) {
        end = length;
      }
      Member member = member(header, start, end);
      if (member != null) {
        members.add(member);
      }
      start = end + 1;
    }
    return members;
  }

  /** A list member of {@code s[from, to)}, or null when it is empty or outside the grammar. */
  static Member member(String s, int from, int to) {
    int semicolon = s.indexOf(';', from);
    int pairEnd = semicolon < 0 || semicolon > to ? to : semicolon;
    int eq = s.indexOf('=', from);
    if (eq < 0 || eq >= pairEnd) {
      return null;
    }
    String key = trimmed(s, from, eq);
    String rawValue = trimmed(s, eq + 1, pairEnd);
    if (!isToken(key) || !isValueText(rawValue)) {
      return null;
    }
    List<Property> properties = Collections.emptyList();
    int at = pairEnd;
    while (at < to) {
      int next = s.indexOf(';', at + 1);
      if (next < 0 || next > to) {
        next = to;
      }
      if (!trimmed(s, at + 1, next).isEmpty()) { // "k=v;" or "k=v;;p": an empty property is skipped
        Property property = property(s, at + 1, next);
        if (property == null) {
          return null;
        }
        if (properties.isEmpty()) {
          properties = new ArrayList<>(2);
        }
        properties.add(property);
      }
      at = next;
    }
    return new Member(key, decode(rawValue), properties);
  }

  private static Property property(String s, int from, int to) {
    int eq = s.indexOf('=', from);
    if (eq < 0 || eq >= to) {
      String key = trimmed(s, from, to);
      return isToken(key) ? new Property(key, null) : null;
    }
    String key = trimmed(s, from, eq);
    String rawValue = trimmed(s, eq + 1, to);
    if (!isToken(key) || !isValueText(rawValue)) {
      return null;
    }
    return new Property(key, decode(rawValue));
  }

  /**
   * The properties of an entry's metadata text ({@code p1;p2=v}), read leniently: an application may have
   * set any text. Empty parts are skipped, a part whose key is not a token is left out, a value is
   * percent-decoded (it is encoded again when written).
   */
  public static List<Property> properties(String text) {
    if (text == null || text.isEmpty()) {
      return Collections.emptyList();
    }
    List<Property> properties = new ArrayList<>(2);
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf(';', start);
      if (end < 0) {
        end = text.length();
      }
      int eq = text.indexOf('=', start);
      if (eq < 0 || eq >= end) {
        String key = trimmed(text, start, end);
        if (isToken(key)) {
          properties.add(new Property(key, null));
        }
      } else {
        String key = trimmed(text, start, eq);
        if (isToken(key)) {
          properties.add(new Property(key, decode(trimmed(text, eq + 1, end))));
        }
      }
      start = end + 1;
    }
    return properties;
  }

  /** The properties as an entry's metadata text: {@code p1;p2=encoded}. */
  public static String propertiesText(List<Property> properties) {
    if (properties.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (Property property : properties) {
      if (out.length() > 0) {
        out.append(';');
      }
      property.write(out);
    }
    return out.toString();
  }

  private static String trimmed(String s, int from, int to) {
    while (from < to && isOws(s.charAt(from))) {
      from++;
    }
    while (to > from && isOws(s.charAt(to - 1))) {
      to--;
    }
    return s.substring(from, to);
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /** RFC 7230 token: the key grammar. */
  public static boolean isToken(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isValueText(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!isBaggageOctet(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isBaggageOctet(int c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b)
        || (c >= 0x5d && c <= 0x7e);
  }

  /** Percent-encodes every UTF-8 byte of {@code value} but {@code A-Z a-z 0-9 - . _ ~ /}. */
  public static void encode(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        if (isUnencoded(c)) {
          out.append(c);
        } else {
          hex(c, out);
        }
        continue;
      }
      int end = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
          ? i + 2 : i + 1;
      for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        hex(b & 0xff, out);
      }
      i = end - 1;
    }
  }

  private static boolean isUnencoded(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~' || c == '/';
  }

  private static void hex(int b, StringBuilder out) {
    out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
  }

  /**
   * Percent-decodes as UTF-8: {@code %XX} sequences that are not UTF-8 give U+FFFD, a {@code %} without two
   * hex digits after it is kept.
   */
  public static String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    byte[] bytes = new byte[value.length()];
    int i = 0;
    while (i < value.length()) {
      int n = 0;
      while (i + 2 < value.length() && value.charAt(i) == '%' && hexDigit(value.charAt(i + 1)) >= 0
          && hexDigit(value.charAt(i + 2)) >= 0) {
        bytes[n++] = (byte) (hexDigit(value.charAt(i + 1)) << 4 | hexDigit(value.charAt(i + 2)));
        i += 3;
      }
      if (n > 0) {
        out.append(utf8(bytes, n));
      } else {
        out.append(value.charAt(i++));
      }
    }
    return out.toString();
  }

  private static String utf8(byte[] bytes, int n) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .replaceWith("\uFFFD")
          .decode(ByteBuffer.wrap(bytes, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      return "\uFFFD";
    }
  }

  private static int hexDigit(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
  }
}
