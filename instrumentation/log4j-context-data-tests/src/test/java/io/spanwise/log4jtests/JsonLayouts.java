package io.spanwise.log4jtests;

import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;

/** Log4j's JsonTemplateLayout (its own artifact), referenced only here: absent from the 2.17 run. */
final class JsonLayouts {
  private JsonLayouts() {}

  static StringLayout mdcAndMessage() {
    return JsonTemplateLayout.newBuilder()
        .setConfiguration(Logs.configuration())
        .setEventTemplate("{\"mdc\":{\"$resolver\":\"mdc\"},\"message\":{\"$resolver\":\"message\"}}")
        .build();
  }
}
