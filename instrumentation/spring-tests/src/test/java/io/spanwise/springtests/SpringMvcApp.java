package io.spanwise.springtests;

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
 * the context {@code /shop} of an embedded Tomcat or Jetty ({@link ServletContainer}), annotated
 * controllers, a resource handler, and the container's error pages dispatched to a Spring {@code /error}
 * controller.
 */
final class SpringMvcApp {
  static final String CONTEXT = "/shop";
  static final String ERROR_PAGE = "/error";
  private final ServletContainer container;

  private SpringMvcApp(ServletContainer container) {
    this.container = container;
  }

  /** The application in the container this JVM's surefire execution names ({@link ServletContainer#start}). */
  static SpringMvcApp start() throws Exception {
    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(WebConfig.class, OwnerController.class, ErrorController.class);
    return new SpringMvcApp(ServletContainer.start(CONTEXT, new DispatcherServlet(spring), ERROR_PAGE));
  }

  int port() {
    return container.port();
  }

  ServletContainer container() {
    return container;
  }

  void stop() throws Exception {
    container.stop();
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

  /** The container's error page: tells the client what the container received. */
  @RestController
  static class ErrorController {
    @RequestMapping(ERROR_PAGE)
    String error(WebRequest request) {
      Object thrown = request.getAttribute("jakarta.servlet.error.exception", RequestAttributes.SCOPE_REQUEST);
      if (thrown == null) {
        thrown = request.getAttribute("javax.servlet.error.exception", RequestAttributes.SCOPE_REQUEST);
      }
      return "error page; container got " + (thrown == null ? "no exception" : thrown.getClass().getName());
    }
  }
}
