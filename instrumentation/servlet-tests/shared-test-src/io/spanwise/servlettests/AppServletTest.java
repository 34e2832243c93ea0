package io.spanwise.servlettests;

import org.example.servletapp.AsyncServlet;
import org.example.servletapp.FailServlet;
import org.example.servletapp.TestApp;

/**
 * The contract with the hooks every test app provides (the javax and jakarta apps have the same class
 * names); shared by the container modules through build-helper. Subclasses start their container.
 */
public abstract class AppServletTest extends ServletServerContract {
  @Override
  protected String failureType() {
    return TestApp.failureType();
  }

  @Override
  protected String failureMessage() {
    return FailServlet.MESSAGE;
  }

  @Override
  protected long asyncEnteredNanos() {
    return AsyncServlet.enteredNanos();
  }

  @Override
  protected long asyncCompletedNanos() {
    return AsyncServlet.completedNanos();
  }
}
