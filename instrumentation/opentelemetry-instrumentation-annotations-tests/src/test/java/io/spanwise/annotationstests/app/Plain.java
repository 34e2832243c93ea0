package io.spanwise.annotationstests.app;

import java.util.concurrent.CompletableFuture;

/** No annotation: traced through otel.instrumentation.methods.include only. */
public class Plain {
  public String work(String input) {
    return input + "-worked";
  }

  public String fail() {
    throw new UnsupportedOperationException("nope");
  }

  public CompletableFuture<String> async(CompletableFuture<String> result) {
    return result;
  }

  public String notListed() {
    return "quiet";
  }

  /** A subclass of a listed class: its listed methods are traced too, named after it. */
  public static class Special extends Plain {
    @Override
    public String work(String input) {
      return "special-" + input;
    }
  }
}
