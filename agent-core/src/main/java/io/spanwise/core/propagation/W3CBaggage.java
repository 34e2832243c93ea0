package io.spanwise.core.propagation;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The W3C {@code baggage} header. Reading is OpenTelemetry's {@link W3CBaggagePropagator} (percent
 * decoding, properties kept as the entry's metadata, invalid members skipped, several lines joined by
 * {@code HeaderGetterAdapter}). Writing is this class's, per the W3C Baggage grammar: OpenTelemetry
 * 1.55 percent-encodes the properties as if they were part of the value ({@code k=v;p1;p2=x} went out
 * as {@code k=v;p1%3Bp2%3Dx}); here the value is percent-encoded and the properties are written as
 * they came. At most {@value #MAX_MEMBERS} members and {@value #MAX_BYTES} bytes are written, whole
 * members only (the spec's limits: a member that does not fit is left out, never cut).
 */
public final class W3CBaggage implements TextMapPropagator {
  static final String FIELD = "baggage";
  static final int MAX_MEMBERS = 64;
  static final int MAX_BYTES = 8192;
  private static final W3CBaggage INSTANCE = new W3CBaggage();

  private W3CBaggage() {}

  public static W3CBaggage getInstance() {
    return INSTANCE;
  }

  @Override
  public Collection<String> fields() {
    return W3CBaggagePropagator.getInstance().fields();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    if (context == null || setter == null) {
      return;
    }
    Baggage baggage = Baggage.fromContext(context);
    if (baggage.isEmpty()) {
      return;
    }
    StringBuilder header = new StringBuilder();
    int[] members = {0};
    baggage.forEach((key, entry) -> append(header, members, key, entry));
    if (header.length() > 0) {
      setter.set(carrier, FIELD, header.toString());
    }
  }

  private static void append(StringBuilder header, int[] members, String key, BaggageEntry entry) {
    if (members[0] >= MAX_MEMBERS || !isToken(key)) {
      return;
    }
    StringBuilder member = new StringBuilder(key.length() + entry.getValue().length() + 8);
    member.append(key).append('=');
    encodeValue(entry.getValue(), member);
    String properties = entry.getMetadata() == null ? "" : entry.getMetadata().getValue().trim();
    if (!properties.isEmpty() && isPropertyText(properties)) {
      member.append(';').append(properties);
    }
    int length = header.length() + (header.length() > 0 ? 1 : 0) + member.length();
    if (length > MAX_BYTES) {
      return;
    }
    if (header.length() > 0) {
      header.append(',');
    }
    header.append(member);
    members[0]++;
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    return W3CBaggagePropagator.getInstance().extract(context, carrier, getter);
  }

  /** RFC 7230 token: the baggage key grammar. */
  static boolean isToken(String key) {
    if (key.isEmpty()) {
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

  /** Properties as written after the value: printable ASCII without the list separator. */
  private static boolean isPropertyText(String properties) {
    for (int i = 0; i < properties.length(); i++) {
      char c = properties.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',') {
        return false;
      }
    }
    return true;
  }

  /**
   * Percent-encodes what is not a {@code baggage-octet} (%x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E),
   * and {@code %} itself, so that the reader's percent-decoding gives the value back.
   */
  static void encodeValue(String value, StringBuilder out) {
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean octet = c == 0x21 || (c >= 0x23 && c <= 0x2b && c != 0x25) || (c >= 0x2d && c <= 0x3a)
          || (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
      if (octet) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
  }
}
