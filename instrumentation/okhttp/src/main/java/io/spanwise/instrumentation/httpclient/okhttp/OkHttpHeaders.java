package io.spanwise.instrumentation.httpclient.okhttp;

import io.spanwise.bootstrap.api.HeaderSetter;
import okhttp3.Request;

/**
 * The propagation headers added to an OkHttp request, which is immutable: a copy is made on the first
 * header to add; a header the application set itself is left as it wrote it (helper).
 */
public final class OkHttpHeaders implements HeaderSetter<OkHttpHeaders> {

  private final Request original;
  private Request.Builder builder;

  public OkHttpHeaders(Request original) {
    this.original = original;
  }

  @Override
  public void set(OkHttpHeaders self, String name, String value) {
    if (original.header(name) == null) { // the application's own header wins
      if (builder == null) {
        builder = original.newBuilder();
      }
      builder.header(name, value);
    }
  }

  /** The request to send: the original when nothing was added. */
  public Request request() {
    return builder == null ? original : builder.build();
  }
}
