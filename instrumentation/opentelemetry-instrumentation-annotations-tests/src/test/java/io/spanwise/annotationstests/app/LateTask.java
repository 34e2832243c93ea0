package io.spanwise.annotationstests.app;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.util.concurrent.Callable;

/** Loaded in a fresh class loader before the annotation class is. */
public class LateTask implements Callable<String> {
  @Override
  @WithSpan("late.task")
  public String call() {
    return "late";
  }
}
