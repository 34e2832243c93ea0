package io.spanwise.instrumentation.servlet;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.ArrayList;
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
public final class ServletInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.servlet.";

  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    List<TypeInstrumentation> list = new ArrayList<>();
    for (String ns : new String[] {"javax", "jakarta"}) {
      String advice = PACKAGE + ns + "." + capitalize(ns) + "ServletAdvice";
      list.add(TypeInstrumentation.of(
              hasClassNamed(ns + ".servlet.Servlet"),
              not(isInterface()).and(hasSuperType(named(ns + ".servlet.Servlet"))))
          .advise(requestResponseMethod("service", ns, 2), advice));
      list.add(TypeInstrumentation.of(
              hasClassNamed(ns + ".servlet.Filter"),
              not(isInterface()).and(hasSuperType(named(ns + ".servlet.Filter"))))
          .advise(requestResponseMethod("doFilter", ns, 3), advice));
    }
    return list;
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

  @Override
  public List<String> helperClassNames() {
    List<String> helpers = new ArrayList<>();
    helpers.add(PACKAGE + "ServletRoutes");
    for (String ns : new String[] {"javax", "jakarta"}) {
      String prefix = PACKAGE + ns + "." + capitalize(ns);
      helpers.add(prefix + "MappingRoute");
      helpers.add(prefix + "RequestGetter");
      helpers.add(prefix + "AsyncListener");
      helpers.add(prefix + "ServletSpans");
    }
    return helpers;
  }
}
