package io.spanwise.springtests;

import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A Spring MVC application as a user writes one, without Spring Boot (the same source for Spring 6 on
 * jakarta.servlet and, in spring5-tests, Spring 5.3 on javax.servlet): a DispatcherServlet at {@code /} in
 * the context {@code /shop} of an embedded Tomcat, annotated controllers, a resource handler, and Tomcat's
 * error pages dispatched to a Spring {@code /error} controller.
 */
final class SpringMvcApp {
  static final String CONTEXT = "/shop";
  private final Tomcat tomcat;
  private final int port;

  private SpringMvcApp(Tomcat tomcat, int port) {
    this.tomcat = tomcat;
    this.port = port;
  }

  static SpringMvcApp start() throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("spanwise-spring-tomcat").toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);

    Context context = tomcat.addContext(CONTEXT, null);
    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(WebConfig.class, OwnerController.class, ErrorController.class);
    Wrapper dispatcher = Tomcat.addServlet(context, "dispatcher", new DispatcherServlet(spring));
    dispatcher.setLoadOnStartup(1);
    context.addServletMappingDecoded("/", "dispatcher");
    ErrorPage errors = new ErrorPage();
    errors.setLocation("/error");
    context.addErrorPage(errors); // the default page: every status and exception
    tomcat.start();
    return new SpringMvcApp(tomcat, connector.getLocalPort());
  }

  int port() {
    return port;
  }

  void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  @Configuration
  @EnableWebMvc
  static class WebConfig implements WebMvcConfigurer {
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
      registry.addResourceHandler("/static/**").addResourceLocations("classpath:/static/");
    }
  }

  /** What a controller throws: the type the span must report. */
  static final class OwnerNotFoundException extends RuntimeException {
    OwnerNotFoundException(String message) {
      super(message);
    }
  }

  @RestController
  static class OwnerController {
    @GetMapping("/owners/{ownerId}/pets/{petId}")
    String pet(@PathVariable("ownerId") int ownerId, @PathVariable("petId") int petId) {
      return "pet " + petId + " of owner " + ownerId;
    }

    @PostMapping("/owners/{ownerId}/visits")
    String visit(@PathVariable("ownerId") int ownerId) {
      return "visit for " + ownerId;
    }

    @GetMapping("/owners/{ownerId}")
    String owner(@PathVariable("ownerId") int ownerId) {
      throw new OwnerNotFoundException("no owner " + ownerId);
    }
  }

  /** Tomcat's error page: tells the client what the container received. */
  @RestController
  static class ErrorController {
    @RequestMapping("/error")
    String error(WebRequest request) {
      Object thrown = request.getAttribute("jakarta.servlet.error.exception", RequestAttributes.SCOPE_REQUEST);
      if (thrown == null) {
        thrown = request.getAttribute("javax.servlet.error.exception", RequestAttributes.SCOPE_REQUEST);
      }
      return "error page; container got " + (thrown == null ? "no exception" : thrown.getClass().getName());
    }
  }
}
