package io.spanwise.core.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WovenClassesTest {
  @Test
  void theSummaryNamesEveryEnabledModuleOnceAndThoseThatWoveNothing() {
    WovenClasses woven = new WovenClasses(List.of("servlet", "jdbc", "servlet", "kafka"));
    assertThat(woven.summary()).containsExactly(
        "servlet: no class woven yet", "jdbc: no class woven yet", "kafka: no class woven yet");
  }
}
