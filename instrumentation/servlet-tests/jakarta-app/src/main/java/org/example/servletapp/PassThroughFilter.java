package org.example.servletapp;

import java.io.IOException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

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
