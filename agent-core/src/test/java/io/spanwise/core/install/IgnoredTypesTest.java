package io.spanwise.core.install;

import static org.assertj.core.api.Assertions.assertThat;

import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class IgnoredTypesTest {
  @Test
  void ignoresTheJdkTheAgentAndItsLibraries() {
    assertThat(IgnoredTypes.types().matches(TypeDescription.ForLoadedType.of(String.class))).isTrue();
    assertThat(IgnoredTypes.types().matches(TypeDescription.ForLoadedType.of(IgnoredTypes.class))).isTrue();
    assertThat(IgnoredTypes.types().matches(TypeDescription.ForLoadedType.of(TypeDescription.class))).isTrue();
  }

  /** An application may live under io.spanwise too (the demo does): only the agent's packages are skipped. */
  @Test
  void doesNotIgnoreApplicationsThatShareTheAgentsTopPackage() {
    TypeDescription app = new TypeDescription.Latent("io.spanwise.demo.web.CheckoutServlet", 0, null);
    assertThat(IgnoredTypes.types().matches(app)).isFalse();
  }

  /** In-process tests run the agent from the application loader, whose classes must stay instrumentable. */
  @Test
  void ignoresTheAgentLoaderOnlyWhenItIsTheIsolatedOne() {
    ClassLoader appLoader = IgnoredTypesTest.class.getClassLoader();
    assertThat(IgnoredTypes.loaders(appLoader).matches(appLoader)).isFalse();
  }
}
