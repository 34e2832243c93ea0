package io.spanwise.smoke;

import io.spanwise.smoke.support.Jdk;

/** {@link FaultCollectorTest}'s faults with the demo on Temurin 25 (skipped when it is not installed). */
class FaultCollectorJdk25Test extends FaultCollectorTest {
  @Override
  Jdk jdk() {
    return Jdk.temurin25();
  }
}
