package io.spanwise.core.spans;

import io.opentelemetry.api.internal.OtelEncodingUtils;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/**
 * The context of a {@link CompactSpan}, or of a remote parent read from {@code traceparent}: its ids as
 * numbers, written as hex only when something asks for the text (a log line, the application, a
 * propagator other than the agent's W3C one, which writes the header from the numbers). The SDK's
 * context holds both ids as hex strings from the start, and the OTLP encoder turns them back into bytes
 * through a map; the numbers need neither.
 *
 * <p>A valid context, equal to any {@link SpanContext} of the same ids, flags, state and remoteness.
 */
public final class CompactSpanContext implements SpanContext {
  private final long traceIdHigh;
  private final long traceIdLow;
  private final long spanId;
  private final TraceFlags flags;
  private final TraceState state;
  private final boolean remote;
  // the hex text, made on first use; a race makes it twice, equal
  private String traceIdHex;
  private String spanIdHex;

  /** @param traceIdHex the trace id's text when it is made already (the one the sampler was given), or null */
  CompactSpanContext(long traceIdHigh, long traceIdLow, String traceIdHex, long spanId, TraceFlags flags,
      TraceState state) {
    this(traceIdHigh, traceIdLow, traceIdHex, spanId, flags, state, false);
  }

  private CompactSpanContext(long traceIdHigh, long traceIdLow, String traceIdHex, long spanId, TraceFlags flags,
      TraceState state, boolean remote) {
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.traceIdHex = traceIdHex;
    this.spanId = spanId;
    this.flags = flags;
    this.state = state;
    this.remote = remote;
  }

  /**
   * A remote parent's context, from ids already checked: neither the trace id nor the span id may be
   * zero (such a context would be invalid).
   */
  public static CompactSpanContext remote(long traceIdHigh, long traceIdLow, long spanId, TraceFlags flags,
      TraceState state) {
    if ((traceIdHigh | traceIdLow) == 0 || spanId == 0) {
      throw new IllegalArgumentException("an all-zero id is invalid");
    }
    return new CompactSpanContext(traceIdHigh, traceIdLow, null, spanId, flags, state, true);
  }

  /** The first 8 bytes of the trace id, big-endian. */
  public long traceIdHigh() {
    return traceIdHigh;
  }

  /** The last 8 bytes of the trace id, big-endian. */
  public long traceIdLow() {
    return traceIdLow;
  }

  /** The span id's 8 bytes, big-endian. */
  public long spanIdBits() {
    return spanId;
  }

  // The text is written into a scratch array of this class, not through TraceId.fromLongs or
  // SpanId.fromLong: those write into the thread's scratch buffer of the SDK, which the SDK's W3C
  // propagator is filling when it asks for the ids, so a lazily made id would overwrite the header
  // being built. Nothing is called while this class's array is being filled.
  private static final ThreadLocal<char[]> TEXT = ThreadLocal.withInitial(() -> new char[32]);

  @Override
  public String getTraceId() {
    String hex = traceIdHex;
    if (hex == null) {
      hex = traceIdText(traceIdHigh, traceIdLow);
      traceIdHex = hex;
    }
    return hex;
  }

  /** The trace id's text if it was made already, else null. */
  String traceIdTextIfMade() {
    return traceIdHex;
  }

  /** The trace id's hex text. */
  static String traceIdText(long high, long low) {
    char[] chars = TEXT.get();
    OtelEncodingUtils.longToBase16String(high, chars, 0);
    OtelEncodingUtils.longToBase16String(low, chars, 16);
    return new String(chars, 0, 32);
  }

  @Override
  public String getSpanId() {
    String hex = spanIdHex;
    if (hex == null) {
      char[] chars = TEXT.get();
      OtelEncodingUtils.longToBase16String(spanId, chars, 0);
      hex = new String(chars, 0, 16);
      spanIdHex = hex;
    }
    return hex;
  }

  /**
   * Writes the trace id's 32 hex characters at {@code traceIdOffset} and the span id's 16 at
   * {@code spanIdOffset}, without making their text.
   */
  public void writeIds(char[] dest, int traceIdOffset, int spanIdOffset) {
    OtelEncodingUtils.longToBase16String(traceIdHigh, dest, traceIdOffset);
    OtelEncodingUtils.longToBase16String(traceIdLow, dest, traceIdOffset + 16);
    OtelEncodingUtils.longToBase16String(spanId, dest, spanIdOffset);
  }

  /** Whether the two contexts have the same trace id: compared as numbers when both are compact, else as text. */
  public static boolean sameTrace(SpanContext one, SpanContext other) {
    if (one instanceof CompactSpanContext && other instanceof CompactSpanContext) {
      CompactSpanContext a = (CompactSpanContext) one;
      CompactSpanContext b = (CompactSpanContext) other;
      return a.traceIdHigh == b.traceIdHigh && a.traceIdLow == b.traceIdLow;
    }
    return one.getTraceId().equals(other.getTraceId());
  }

  @Override
  public byte[] getTraceIdBytes() {
    byte[] bytes = new byte[16];
    putLong(bytes, 0, traceIdHigh);
    putLong(bytes, 8, traceIdLow);
    return bytes;
  }

  @Override
  public byte[] getSpanIdBytes() {
    byte[] bytes = new byte[8];
    putLong(bytes, 0, spanId);
    return bytes;
  }

  /** Writes {@code value} big-endian into {@code bytes[offset, offset + 8)}. */
  public static void putLong(byte[] bytes, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      bytes[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  @Override
  public TraceFlags getTraceFlags() {
    return flags;
  }

  @Override
  public TraceState getTraceState() {
    return state;
  }

  @Override
  public boolean isRemote() {
    return remote;
  }

  @Override
  public boolean isValid() {
    return true; // both ids come from the random generator or a valid parent: never zero
  }

  @Override
  public boolean equals(Object other) {
    if (other == this) {
      return true;
    }
    if (other instanceof CompactSpanContext) {
      CompactSpanContext that = (CompactSpanContext) other;
      return traceIdHigh == that.traceIdHigh && traceIdLow == that.traceIdLow && spanId == that.spanId
          && flags.equals(that.flags) && state.equals(that.state) && remote == that.remote;
    }
    if (other instanceof SpanContext) {
      SpanContext that = (SpanContext) other;
      return getTraceId().equals(that.getTraceId()) && getSpanId().equals(that.getSpanId())
          && flags.equals(that.getTraceFlags()) && state.equals(that.getTraceState()) && remote == that.isRemote()
          && that.isValid();
    }
    return false;
  }

  @Override
  public int hashCode() {
    // as the SDK's context hashes the same ids, flags, state and remoteness (its AutoValue hash code)
    int h = 1;
    h *= 1000003;
    h ^= getTraceId().hashCode();
    h *= 1000003;
    h ^= getSpanId().hashCode();
    h *= 1000003;
    h ^= flags.hashCode();
    h *= 1000003;
    h ^= state.hashCode();
    h *= 1000003;
    h ^= remote ? 1231 : 1237;
    h *= 1000003;
    h ^= 1231; // valid
    return h;
  }

  @Override
  public String toString() {
    return "ImmutableSpanContext{traceId=" + getTraceId() + ", spanId=" + getSpanId() + ", traceFlags=" + flags
        + ", traceState=" + state + ", remote=" + remote + ", valid=true}";
  }
}
