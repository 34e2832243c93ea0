package io.spanwise.instrumentation.servlet;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.bootstrap.instrumentation.http.HttpServerTracing;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.support.http.HttpServerTracer;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One SERVER span per HTTP request for javax.servlet 3.0+ and jakarta.servlet 5+ containers.
 *
 * <p>Advice wraps every {@code Servlet.service(req, res)} and {@code Filter.doFilter(req, res, chain)}
 * implementation. The outermost one entered for a request starts the span and marks the request with an
 * attribute, so nested filters, servlets calling {@code super.service} and forward/include/async
 * dispatches of the same request add nothing.
 */
public abstract class ServletInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.servlet.";

  /** javax.servlet 3.0 to 4.0. */
  public static final class Javax extends ServletInstrumentationModule {
    public Javax() {
      super("javax");
    }
  }

  /** jakarta.servlet 5 and later. */
  public static final class Jakarta extends ServletInstrumentationModule {
    public Jakarta() {
      super("jakarta");
    }
  }

  // The two API namespaces are separate modules under one name: each injects only its own helpers (found
  // from its advice), which could not be defined in a class loader that lacks the other namespace.
  private final String ns;

  ServletInstrumentationModule(String ns) {
    this.ns = ns;
  }

  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    String advice = PACKAGE + ns + "." + capitalize(ns) + "ServletAdvice";
    return List.of(
        TypeInstrumentation.subTypesOf(hasClassNamed(ns + ".servlet.Servlet"), ns + ".servlet.Servlet")
            .advise(requestResponseMethod("service", ns, 2), advice),
        TypeInstrumentation.subTypesOf(hasClassNamed(ns + ".servlet.Filter"), ns + ".servlet.Filter")
            .advise(requestResponseMethod("doFilter", ns, 3), advice));
  }

  private static ElementMatcher<MethodDescription> requestResponseMethod(String name, String ns, int args) {
    return named(name)
        .and(not(isAbstract()))
        .and(takesArguments(args))
        .and(takesArgument(0, named(ns + ".servlet.ServletRequest")))
        .and(takesArgument(1, named(ns + ".servlet.ServletResponse")));
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** SERVER spans: the shared HTTP server tracer behind the boot-side facade the helpers call. */
  @Override
  public void install(InstrumentationContext context) {
    HttpServerTracing.install(new HttpServerTracer(context));
  }
}
