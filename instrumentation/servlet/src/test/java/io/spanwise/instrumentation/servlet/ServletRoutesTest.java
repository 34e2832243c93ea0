package io.spanwise.instrumentation.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Servlet 3.x routes (no {@code HttpServletMapping}), from what such a container gives: the servlet
 * path, the path info and the context's url-patterns. Each must be the route Servlet 4 gives the same
 * mapping ({@link ServletRoutes#fromMapping}). Jetty 9.4 is such a container (spring5-tests runs it).
 */
class ServletRoutesTest {
  private static final Set<String> PATTERNS = Set.of("/", "/hello", "/api/*", "*.do");

  @Test
  void exactMappingIsItsPattern() {
    assertThat(ServletRoutes.fromServletPath("/shop", "/hello", null, PATTERNS)).isEqualTo("/shop/hello");
  }

  @Test
  void prefixMappingIsItsPatternWhateverFollows() {
    assertThat(ServletRoutes.fromServletPath("/shop", "/api", "/orders/7", PATTERNS)).isEqualTo("/shop/api/*");
  }

  /** The default servlet's servlet path is the whole path: every path would be a route of its own. */
  @Test
  void defaultServletIsSlashStarForEveryPath() {
    assertThat(ServletRoutes.fromServletPath("/shop", "/nowhere/at/all", null, PATTERNS)).isEqualTo("/shop/*");
    assertThat(ServletRoutes.fromServletPath("/shop", "/", null, PATTERNS)).isEqualTo("/shop/*");
    assertThat(ServletRoutes.fromServletPath("", "/owners/7", null, PATTERNS)).isEqualTo("/*");
    assertThat(ServletRoutes.fromMapping("/shop", "DEFAULT", "/")).isEqualTo("/shop/*");
  }

  @Test
  void extensionMappingIsItsPattern() {
    assertThat(ServletRoutes.fromServletPath("/shop", "/orders/list.do", null, PATTERNS)).isEqualTo("/shop/*.do");
    assertThat(ServletRoutes.fromMapping("/shop", "EXTENSION", "*.do")).isEqualTo("/shop/*.do");
    // a dot in a directory is no extension: the default servlet's
    assertThat(ServletRoutes.fromServletPath("/shop", "/v1.do/orders", null, PATTERNS)).isEqualTo("/shop/*");
  }

  /** A container that would not tell its mappings (a restricted context): the servlet path, as before. */
  @Test
  void unknownPatternsKeepTheServletPath() {
    assertThat(ServletRoutes.fromServletPath("/shop", "/hello", null, null)).isEqualTo("/shop/hello");
    assertThat(ServletRoutes.fromServletPath("/shop", "", null, PATTERNS)).isNull();
  }
}
