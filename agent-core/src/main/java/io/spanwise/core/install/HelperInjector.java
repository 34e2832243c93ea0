package io.spanwise.core.install;

import io.spanwise.core.AgentLog;
import io.spanwise.instrumentation.spi.ResourceLookup;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Injects an instrumentation module's helper classes into the class loader of each type its advice is
 * woven into, once per loader, before the transformed class can run. The helpers are found, not listed:
 * every class of the module's packages its advice reaches ({@link HelperClasses}), read when the first
 * type is woven. Helpers the loader can already see (the module on the class path, as in in-process
 * tests) are left alone.
 */
final class HelperInjector implements ModuleTransformer.Step {
  private final String moduleName;
  private final String packagePrefix;
  private final List<String> adviceNames;
  private final ClassLoader agentLoader;
  private final ClassDefiner definer;
  private final Map<ClassLoader, Boolean> injected = new WeakHashMap<>();
  private List<String> helperNames;
  private List<byte[]> helperBytes;

  HelperInjector(String moduleName, String packagePrefix, List<String> adviceNames, ClassLoader agentLoader,
      ClassDefiner definer) {
    this.moduleName = moduleName;
    this.packagePrefix = packagePrefix;
    this.adviceNames = adviceNames;
    this.agentLoader = agentLoader;
    this.definer = definer;
  }

  @Override
  public void apply(TypeDescription type, ClassLoader loader, ProtectionDomain domain) {
    if (loader != null && helperNames != Collections.<String>emptyList()) {
      inject(loader, domain);
    }
  }

  private synchronized void inject(ClassLoader loader, ProtectionDomain domain) {
    if (injected.containsKey(loader)) {
      return;
    }
    injected.put(loader, Boolean.TRUE);
    try {
      if (helperNames == null) {
        Map<String, byte[]> found = HelperClasses.find(packagePrefix, adviceNames, agentLoader);
        helperNames = found.isEmpty() ? Collections.emptyList() : new ArrayList<>(found.keySet());
        helperBytes = new ArrayList<>(found.values());
      }
      List<byte[]> bytes = helperBytes;
      for (int i = 0; i < helperNames.size(); i++) {
        String name = helperNames.get(i);
        if (!isVisible(loader, name)) {
          definer.define(loader, name, bytes.get(i), domain);
        }
      }
    } catch (InvocationTargetException e) {
      AgentLog.error("could not add the " + moduleName + " helpers to " + loader, e.getCause());
    } catch (ReflectiveOperationException | IOException | RuntimeException e) {
      AgentLog.error("could not add the " + moduleName + " helpers to " + loader, e);
    }
  }

  /**
   * Whether the loader already has the helper (the module on its class path, as in in-process tests).
   * Asked of its resources, not by loading the class: this runs inside the transformer, where nothing is
   * loaded (see {@link SuperTypes}).
   */
  private static boolean isVisible(ClassLoader loader, String name) {
    return ResourceLookup.find(loader, name.replace('.', '/') + ".class") != null;
  }
}
