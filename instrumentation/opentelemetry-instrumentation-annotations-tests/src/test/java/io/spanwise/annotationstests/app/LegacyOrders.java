package io.spanwise.annotationstests.app;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.extension.annotations.SpanAttribute;
import io.opentelemetry.extension.annotations.WithSpan;

/** An application class using the older annotations (io.opentelemetry.extension.annotations, 1.18). */
public class LegacyOrders {
  @WithSpan
  public String legacy() {
    return named("x");
  }

  @WithSpan(value = "legacy.named", kind = SpanKind.SERVER)
  public String named(@SpanAttribute("legacy.key") String key) {
    return "legacy-" + key;
  }

  @WithSpan("legacy.failing")
  public void fail() throws Exception {
    throw new java.io.IOException("disk");
  }
}
