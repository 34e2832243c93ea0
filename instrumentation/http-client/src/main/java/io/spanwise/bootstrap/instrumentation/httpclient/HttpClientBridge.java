package io.spanwise.bootstrap.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.HeaderSetter;
import java.lang.invoke.MethodHandles;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Outgoing HTTP CLIENT spans as the http-client advice sees them; implemented by the module's
 * {@code HttpClientTracer} in the agent. See {@link HttpClientTracing} for each method.
 */
public interface HttpClientBridge {
  ActiveSpan startSpan(String method, URI uri);

  <C> void inject(ActiveSpan span, C request, HeaderSetter<C> setter);

  Object withHeaders(ActiveSpan span, Object request, Object client);

  boolean needsRequestLookup();

  void requestLookup(MethodHandles.Lookup lookup);

  void requestCreated(Object request);

  void end(ActiveSpan span, int statusCode, Throwable error);

  void endWhenDone(ActiveSpan span, CompletableFuture<?> future);

  ActiveSpan urlConnectionSpan(HttpURLConnection connection, boolean connected);

  HttpClientBridge NOOP = new HttpClientBridge() {
    @Override
    public ActiveSpan startSpan(String method, URI uri) {
      return ActiveSpan.NOOP;
    }

    @Override
    public <C> void inject(ActiveSpan span, C request, HeaderSetter<C> setter) {}

    @Override
    public Object withHeaders(ActiveSpan span, Object request, Object client) {
      return request;
    }

    @Override
    public boolean needsRequestLookup() {
      return false;
    }

    @Override
    public void requestLookup(MethodHandles.Lookup lookup) {}

    @Override
    public void requestCreated(Object request) {}

    @Override
    public void end(ActiveSpan span, int statusCode, Throwable error) {}

    @Override
    public void endWhenDone(ActiveSpan span, CompletableFuture<?> future) {}

    @Override
    public ActiveSpan urlConnectionSpan(HttpURLConnection connection, boolean connected) {
      return ActiveSpan.NOOP;
    }
  };
}
