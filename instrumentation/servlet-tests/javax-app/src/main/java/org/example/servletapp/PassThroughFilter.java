package org.example.servletapp;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;

/** On {@code /*}: marks the response and calls the rest of the chain, so filter and servlet nest. */
public final class PassThroughFilter implements Filter {
  @Override
  public void init(FilterConfig filterConfig) {}

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    ((HttpServletResponse) response).setHeader(TestApp.FILTERED_HEADER, "true");
    chain.doFilter(request, response);
  }

  @Override
  public void destroy() {}
}
