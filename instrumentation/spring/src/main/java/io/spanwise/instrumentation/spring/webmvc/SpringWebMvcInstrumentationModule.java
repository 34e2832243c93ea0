package io.spanwise.instrumentation.spring.webmvc;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring MVC routes: the SERVER span the servlet module started is named by the handler mapping's
 * best-matching pattern ({@code GET /owners/{ownerId}}, {@code GET /**} for a resource handler) as soon as
 * the handler is chosen.
 *
 * <p>Advice on the exit of {@code DispatcherServlet.getHandler(request)} reads the request attribute
 * {@code HandlerMapping.bestMatchingPattern} that annotated-controller mappings set while matching; URL
 * mappings (resource handlers, {@code SimpleUrlHandlerMapping}) set it in the first interceptor of the
 * handler's chain, so {@code HandlerExecutionChain.applyPreHandle} is read too. The first route of a
 * request wins ({@code HttpServerTracing.updateRoute}); error dispatches are skipped, so the error page
 * does not rename the request that failed. Requests no handler matched keep the servlet route.
 *
 * <p>Spring 5.3 (javax.servlet) and 6.x/7.x (jakarta.servlet) differ only in the request's type: one
 * module per namespace, under one switch, each matching only the methods taking its namespace's request.
 */
public abstract class SpringWebMvcInstrumentationModule implements InstrumentationModule {
  private static final String DISPATCHER = "org.springframework.web.servlet.DispatcherServlet";
  private static final String CHAIN = "org.springframework.web.servlet.HandlerExecutionChain";
  private static final String PACKAGE = "io.spanwise.instrumentation.spring.webmvc.";

  /** Spring MVC 5.3 on javax.servlet. */
  public static final class Javax extends SpringWebMvcInstrumentationModule {
    public Javax() {
      super("javax");
    }
  }

  /** Spring MVC 6.x and 7.x on jakarta.servlet. */
  public static final class Jakarta extends SpringWebMvcInstrumentationModule {
    public Jakarta() {
      super("jakarta");
    }
  }

  private final String ns;

  SpringWebMvcInstrumentationModule(String ns) {
    this.ns = ns;
  }

  @Override
  public String name() {
    return "spring-webmvc";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    String request = ns + ".servlet.http.HttpServletRequest";
    String advice = PACKAGE + ns + "." + Character.toUpperCase(ns.charAt(0)) + ns.substring(1) + "RouteAdvice";
    ElementMatcher<ClassLoader> dispatcher = hasClassNamed(DISPATCHER);
    ElementMatcher<ClassLoader> servletApi = hasClassNamed(request);
    ElementMatcher<ClassLoader> loaders = loader -> dispatcher.matches(loader) && servletApi.matches(loader);
    return List.of(
        TypeInstrumentation.subTypesOf(loaders, DISPATCHER)
            .advise(named("getHandler").and(takesArgument(0, named(request))), advice),
        TypeInstrumentation.subTypesOf(loaders, CHAIN)
            .advise(named("applyPreHandle").and(takesArgument(0, named(request))), advice));
  }
}
