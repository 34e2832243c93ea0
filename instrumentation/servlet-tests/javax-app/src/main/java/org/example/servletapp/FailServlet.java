package org.example.servletapp;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@code /fail}: throws a ServletException; the container turns it into a 500. */
public final class FailServlet extends HttpServlet {
  static final String FAILURE_TYPE = ServletException.class.getName();
  public static final String MESSAGE = "boom from /fail";

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException {
    throw new ServletException(MESSAGE);
  }
}
