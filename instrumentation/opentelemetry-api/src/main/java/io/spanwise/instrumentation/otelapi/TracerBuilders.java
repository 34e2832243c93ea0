package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.trace.TracerProvider;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * {@code TracerProvider.tracerBuilder(name)} (API 1.4 and later) of the bridge: the API's default answers
 * a no-op builder, and {@code TracerBuilder} is not in API 1.0, which the bridge is compiled against. So
 * the builder is a proxy of the application's own {@code TracerBuilder} interface (helper):
 * {@code setInstrumentationVersion} and {@code setSchemaUrl} are kept, {@code build()} answers the bridge's
 * tracer; a method it does not know returns the builder itself (or nothing), with one debug line.
 */
public final class TracerBuilders implements InvocationHandler {
  private final String name;
  private String version;
  private String schemaUrl;

  private TracerBuilders(String name) {
    this.name = name;
  }

  /** A builder for the bridge's tracers; null when the API has no {@code TracerBuilder}. Typed Object: see {@link BridgedTracerProvider#tracerBuilder}. */
  public static Object create(String name) {
    Class<?> type;
    try {
      type = Class.forName("io.opentelemetry.api.trace.TracerBuilder", false, TracerProvider.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new TracerBuilders(name));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) {
    String method0 = method.getName();
    int count = args == null ? 0 : args.length;
    if (method0.equals("build") && count == 0) {
      return BridgedTracerProvider.INSTANCE.tracer(name, version, schemaUrl);
    }
    if (method0.equals("setInstrumentationVersion") && count == 1) {
      version = (String) args[0];
      return proxy;
    }
    if (method0.equals("setSchemaUrl") && count == 1) {
      schemaUrl = (String) args[0];
      return proxy;
    }
    if (method0.equals("equals") && count == 1) {
      return proxy == args[0];
    }
    if (method0.equals("hashCode") && count == 0) {
      return System.identityHashCode(proxy);
    }
    if (method0.equals("toString") && count == 0) {
      return "SpanwiseTracerBuilder{" + name + "}";
    }
    OtelApiTracing.bridge().degraded("TracerBuilder." + method0 + " is not bridged; ignored");
    Class<?> returned = method.getReturnType();
    if (returned.isInstance(proxy)) {
      return proxy;
    }
    if (returned == boolean.class) {
      return Boolean.FALSE;
    }
    return returned.isPrimitive() && returned != void.class ? 0 : null;
  }
}
