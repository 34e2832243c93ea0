package io.spanwise.annotationstests.app;

import io.opentelemetry.instrumentation.annotations.WithSpan;

/** Annotated, but one method is left out by ...annotations.exclude-methods. */
public class Excluded {
  @WithSpan
  public String kept() {
    return "kept";
  }

  @WithSpan
  public String skipped() {
    return "skipped";
  }
}
