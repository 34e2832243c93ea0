package io.spanwise.instrumentation.annotations.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MethodListTest {
  @Test
  void readsTheOpenTelemetryAgentsSyntax() {
    List<String> warnings = new ArrayList<>();
    MethodList list = MethodList.parse(
        " com.example.Cls[m1, m2] ;com.example.Other[m];com.example.Cls[m3];com.example.Outer$Inner[run]", warnings::add);
    assertThat(list.byClass()).containsExactly(
        Map.entry("com.example.Cls", Set.of("m1", "m2", "m3")),
        Map.entry("com.example.Other", Set.of("m")),
        Map.entry("com.example.Outer$Inner", Set.of("run")));
    assertThat(warnings).isEmpty();
  }

  @Test
  void entriesThatDoNotReadAreLeftOutWithAWarning() {
    List<String> warnings = new ArrayList<>();
    MethodList list = MethodList.parse("com.example.Ok[a];NoBrackets;com.example.Empty[];com.example.Bad[1x, b];;", warnings::add);
    assertThat(list.byClass()).containsOnlyKeys("com.example.Ok", "com.example.Bad");
    assertThat(list.byClass().get("com.example.Bad")).containsExactly("b");
    assertThat(warnings).hasSize(3);
    assertThat(MethodList.parse("", warnings::add).isEmpty()).isTrue();
  }
}
