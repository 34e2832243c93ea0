package io.spanwise.servlettests.tomcat;

import io.spanwise.servlettests.AppServletTest;
import io.spanwise.servlettests.RunningContainer;

/** The servlet contract on embedded Tomcat; compiled in each Tomcat module against its Tomcat version. */
class TomcatServletTest extends AppServletTest {
  @Override
  protected RunningContainer startContainer() throws Exception {
    return EmbeddedTomcat.start();
  }
}
