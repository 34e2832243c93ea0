package io.spanwise.core.sdk;

import io.opentelemetry.common.ComponentLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the OTLP exporters pick Spanwise's senders without touching a system property: http/protobuf
 * goes through the JDK's HttpClient ({@code opentelemetry-exporter-sender-jdk}), gRPC through
 * OkHttp. The exporter builders find their sender with a {@link ComponentLoader}; this one filters
 * what the ServiceLoader finds down to the preferred provider when that provider is present (if it
 * is not, everything found is passed on and the builder chooses as usual). Other service types pass
 * through unchanged.
 */
final class SenderSelection implements ComponentLoader {
  static final String HTTP_SENDER_SPI = "io.opentelemetry.exporter.internal.http.HttpSenderProvider";
  static final String GRPC_SENDER_SPI = "io.opentelemetry.exporter.internal.grpc.GrpcSenderProvider";
  static final String JDK_HTTP_SENDER =
      "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider";
  static final String OKHTTP_GRPC_SENDER =
      "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider";

  private final ComponentLoader delegate;

  SenderSelection(ClassLoader classLoader) {
    this.delegate = ComponentLoader.forClassLoader(classLoader);
  }

  static SenderSelection forAgent() {
    return new SenderSelection(SenderSelection.class.getClassLoader());
  }

  @Override
  public <T> Iterable<T> load(Class<T> spiClass) {
    String preferred;
    if (HTTP_SENDER_SPI.equals(spiClass.getName())) {
      preferred = JDK_HTTP_SENDER;
    } else if (GRPC_SENDER_SPI.equals(spiClass.getName())) {
      preferred = OKHTTP_GRPC_SENDER;
    } else {
      return delegate.load(spiClass);
    }
    List<T> all = new ArrayList<>();
    List<T> chosen = new ArrayList<>();
    for (T provider : delegate.load(spiClass)) {
      all.add(provider);
      if (provider.getClass().getName().equals(preferred)) {
        chosen.add(provider);
      }
    }
    return chosen.isEmpty() ? all : chosen;
  }

  @Override
  public String toString() {
    return "SenderSelection{http=JDK HttpClient, grpc=OkHttp}";
  }
}
