package io.spanwise.core.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class WovenClassesTest {
  @Test
  void theSummaryNamesEveryEnabledModuleOnceAndThoseThatWoveNothing() {
    WovenClasses woven = new WovenClasses(List.of("servlet", "jdbc", "servlet", "kafka"));
    assertThat(woven.summary()).containsExactly(
        "servlet: no class woven yet", "jdbc: no class woven yet", "kafka: no class woven yet",
        "weaving took 0.0 ms for 0 classes, each on the thread loading or retransforming it");
  }

  @Test
  void withoutDebugNothingIsCountedOrTimed() {
    WovenClasses woven = new WovenClasses(List.of("jdbc"));
    woven.woven("org.h2.jdbc.JdbcConnection", false, 48_200_000L);
    assertThat(woven.summary()).last().isEqualTo("weaving took 0.0 ms for 0 classes, each on the thread loading or retransforming it");
  }

  @Test
  void durationsAreMillisecondsWithOneDecimalWhateverTheLocale() {
    Locale previous = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY); // a decimal comma, were the locale used
    try {
      assertThat(WovenClasses.millis(48_249_999L)).isEqualTo("48.2");
      assertThat(WovenClasses.millis(2_999_950_000L)).isEqualTo("3000.0");
      assertThat(WovenClasses.millis(0)).isEqualTo("0.0");
    } finally {
      Locale.setDefault(previous);
    }
  }
}
