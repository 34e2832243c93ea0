package org.example.loadorderapp;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A framework's filter base class (the shape of Spring's {@code OncePerRequestFilter}): it declares
 * {@code doFilter}, which the agent weaves, and subclasses implement {@link #doFilterInternal}.
 */
public abstract class RequestFilterBase implements Filter {
  @Override
  public void init(FilterConfig config) {}

  @Override
  public final void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    doFilterInternal((HttpServletRequest) request, (HttpServletResponse) response, chain);
  }

  protected abstract void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws IOException, ServletException;

  @Override
  public void destroy() {}
}
