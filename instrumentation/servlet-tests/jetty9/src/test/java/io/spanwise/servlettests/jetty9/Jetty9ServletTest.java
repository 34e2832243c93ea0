package io.spanwise.servlettests.jetty9;

import io.spanwise.servlettests.AppServletTest;
import io.spanwise.servlettests.RunningContainer;

class Jetty9ServletTest extends AppServletTest {
  @Override
  protected RunningContainer startContainer() throws Exception {
    return EmbeddedJetty.start();
  }
}
