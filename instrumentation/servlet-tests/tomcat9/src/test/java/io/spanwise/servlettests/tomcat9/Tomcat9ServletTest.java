package io.spanwise.servlettests.tomcat9;

import io.spanwise.servlettests.RunningContainer;
import io.spanwise.servlettests.ServletServerContract;
import org.example.servletapp.AsyncServlet;
import org.example.servletapp.FailServlet;
import org.example.servletapp.TestApp;

class Tomcat9ServletTest extends ServletServerContract {
  @Override
  protected RunningContainer startContainer() throws Exception {
    return EmbeddedTomcat.start();
  }

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
