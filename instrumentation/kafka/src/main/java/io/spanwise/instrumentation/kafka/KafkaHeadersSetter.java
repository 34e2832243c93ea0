package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.api.HeaderSetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/** Writes a propagation header into a record's headers, replacing every header of that name (helper). */
public final class KafkaHeadersSetter implements HeaderSetter<Headers> {
  static final KafkaHeadersSetter INSTANCE = new KafkaHeadersSetter();

  /** A null value removes the header (see {@code Tracing.injectKafkaHeaders}). */
  @Override
  public void set(Headers headers, String name, String value) {
    headers.remove(name);
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }
}
