package io.spanwise.core.propagation;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The W3C {@code baggage} header (the {@code baggage} of {@code otel.propagators}), read and written by
 * {@link BaggageHeader} per the W3C Baggage grammar, kept as OpenTelemetry's {@link Baggage}: an entry's
 * value is the decoded value, its metadata the properties as written ({@code p1;p2=x}, values
 * percent-encoded).
 *
 * <p>Limits: the spec asks that every member be propagated while the list has at most 64 members and 8192
 * bytes, and lets a platform drop members beyond either. Spanwise keeps members while the written list
 * stays within {@value #MAX_BYTES} bytes, whatever their number (so at least the 64 the spec asks for, and
 * the 512 short members of the W3C suite's writer case); a member that does not fit is left out whole,
 * never cut, and later smaller ones may still fit. The same budget applies when reading (the members kept
 * are the ones that will be written) and when writing (the application may have added entries). When a
 * key comes twice in a header, the first is kept (the spec lets a platform deduplicate).
 */
public final class W3CBaggage implements TextMapPropagator {
  static final String FIELD = "baggage";
  /** The spec's size limit: the members that fit in 8192 bytes are always propagated. */
  static final int MAX_BYTES = 8192;
  /** The spec's member limit below which everything must be propagated; not a cap (see the class comment). */
  static final int MIN_MEMBERS = 64;
  private static final List<String> FIELDS = Collections.singletonList(FIELD);
  private static final W3CBaggage INSTANCE = new W3CBaggage();

  private W3CBaggage() {}

  public static W3CBaggage getInstance() {
    return INSTANCE;
  }

  @Override
  public Collection<String> fields() {
    return FIELDS;
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
    String header = write(baggage);
    if (!header.isEmpty()) {
      setter.set(carrier, FIELD, header);
    }
  }

  /** The header value for {@code baggage}: whole members, at most {@value #MAX_BYTES} bytes. */
  static String write(Baggage baggage) {
    StringBuilder header = new StringBuilder();
    baggage.forEach((key, entry) -> {
      if (!BaggageHeader.isToken(key) || entry == null || entry.getValue() == null) {
        return;
      }
      String metadata = entry.getMetadata() == null ? "" : entry.getMetadata().getValue();
      String member = new BaggageHeader.Member(key, entry.getValue(), BaggageHeader.properties(metadata)).write();
      appendIfFits(header, member);
    });
    return header.toString();
  }

  private static boolean appendIfFits(StringBuilder header, String member) {
    // the header is ASCII: its length is its size in bytes
    int length = header.length() + (header.length() > 0 ? 1 : 0) + member.length();
    if (length > MAX_BYTES) {
      return false;
    }
    if (header.length() > 0) {
      header.append(',');
    }
    header.append(member);
    return true;
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    if (context == null) {
      context = Context.root();
    }
    if (getter == null) {
      return context;
    }
    String header = getter.get(carrier, FIELD);
    if (header == null || header.isEmpty()) {
      return context;
    }
    Baggage baggage = read(header);
    return baggage.isEmpty() ? context : context.with(baggage);
  }

  /** The baggage of a combined header value: valid members, first of a key, within {@value #MAX_BYTES} bytes. */
  static Baggage read(String header) {
    List<BaggageHeader.Member> members = BaggageHeader.parse(header);
    if (members.isEmpty()) {
      return Baggage.empty();
    }
    BaggageBuilder builder = Baggage.builder();
    Set<String> keys = new HashSet<>();
    StringBuilder written = new StringBuilder();
    for (BaggageHeader.Member member : members) {
      if (keys.contains(member.key) || !appendIfFits(written, member.write())) {
        continue;
      }
      keys.add(member.key);
      builder.put(member.key, member.value,
          BaggageEntryMetadata.create(BaggageHeader.propertiesText(member.properties)));
    }
    return builder.build();
  }
}
