package io.spanwise.servlettests.jetty12;

import io.spanwise.servlettests.AppServletTest;
import io.spanwise.servlettests.RunningContainer;

class Jetty12ServletTest extends AppServletTest {
  @Override
  protected RunningContainer startContainer() throws Exception {
    return EmbeddedJetty.start();
  }
}
