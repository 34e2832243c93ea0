package io.spanwise.core.install;

import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Decides, for each class as it loads, whether Byte Buddy needs to look at it at all. Byte Buddy's type
 * matching parses the class and, for a {@code hasSuperType} matcher, the class file of every supertype
 * (read back from the class loader as a resource, for every class again): that is most of what an
 * agent costs at start-up. Most classes are rejected here far more cheaply.
 *
 * <p>For an instrumentation declared with {@link TypeInstrumentation#subTypesOf} a class can match only if
 * it is not an interface and it is, or one of its direct supertypes reaches, one of the named types. The
 * direct supertypes are read from the start of the class file ({@link ClassHeader}) and loaded with
 * {@code Class.forName(name, false, loader)}, as the JVM does itself right after this transformer
 * returns (a class is linked to its supertypes when it is defined); whether a loaded type reaches the
 * names is remembered per class ({@link ClassValue}, nothing keeps a class or its loader alive). A
 * class being retransformed is looked at through its {@code Class}. An instrumentation declared with a
 * type matcher the core cannot see into lets every class of a matching loader through. Whatever passes
 * goes to Byte Buddy, whose own matchers decide, so this can only ever skip classes that would not have
 * matched; on any error, the class passes.
 */
final class TypePrefilter {
  private final List<Entry> entries = new ArrayList<>();

  TypePrefilter(List<TypeInstrumentation> instrumentations) {
    for (TypeInstrumentation type : instrumentations) {
      entries.add(new Entry(type.classLoaderMatcher(), type.superTypeNames()));
    }
  }

  /** Wraps Byte Buddy's transformer: only candidates reach it. */
  AgentBuilder.TransformerDecorator decorator() {
    return transformer -> new Filtering(transformer, this);
  }

  /**
   * Byte Buddy's matcher for a {@link TypeInstrumentation#subTypesOf} instrumentation. It answers from the
   * classes' loaded supertypes, as the prefilter does, instead of {@code hasSuperType}, which walks the
   * whole hierarchy through Byte Buddy's type pool and parses the class file of every supertype. On any
   * error it asks the instrumentation's own type matcher.
   */
  static AgentBuilder.RawMatcher subTypeMatcher(TypeInstrumentation type) {
    SuperTypes superTypes = new SuperTypes(type.superTypeNames());
    ElementMatcher<ClassLoader> loaders = type.classLoaderMatcher();
    ElementMatcher<? super TypeDescription> exclusion = type.exclusion();
    return (description, loader, module, classBeingRedefined, domain) -> {
      if (!loaders.matches(loader)) {
        return false;
      }
      try {
        boolean reached = classBeingRedefined != null
            ? superTypes.reachedBy(classBeingRedefined)
            : superTypes.reachedBy(description, loader);
        return reached && !description.isInterface() && !exclusion.matches(description);
      } catch (RuntimeException | LinkageError e) {
        return type.typeMatcher().matches(description);
      }
    };
  }

  /** Whether a class may match an instrumentation; {@code bytes} is its class file. */
  boolean isCandidate(ClassLoader loader, Class<?> classBeingRedefined, byte[] bytes) {
    try {
      ClassHeader header = null;
      for (Entry entry : entries) {
        if (!entry.loaders.matches(loader)) {
          continue;
        }
        if (entry.superTypes == null) {
          return true;
        }
        if (classBeingRedefined != null) {
          if (!classBeingRedefined.isInterface() && entry.superTypes.reachedBy(classBeingRedefined)) {
            return true;
          }
          continue;
        }
        if (header == null) {
          header = ClassHeader.parse(bytes);
        }
        if (!header.isInterface() && entry.superTypes.reachedBy(header, loader)) {
          return true;
        }
      }
      return false;
    } catch (Throwable t) {
      return true;
    }
  }

  private static final class Entry {
    final ElementMatcher<ClassLoader> loaders;
    final SuperTypes superTypes;

    Entry(ElementMatcher<ClassLoader> loaders, Set<String> names) {
      this.loaders = loaders;
      this.superTypes = names == null ? null : new SuperTypes(names);
    }
  }

  /** Whether a type is, extends or implements one of some named types. */
  static final class SuperTypes {
    private final Set<String> names;
    private final ClassValue<Boolean> reached = new ClassValue<>() {
      @Override
      protected Boolean computeValue(Class<?> type) {
        if (names.contains(type.getName())) {
          return true;
        }
        Class<?> superclass = type.getSuperclass();
        if (superclass != null && get(superclass)) {
          return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
          if (get(implemented)) {
            return true;
          }
        }
        return false;
      }
    };

    SuperTypes(Set<String> names) {
      this.names = names;
    }

    boolean reachedBy(Class<?> type) {
      return reached.get(type);
    }

    /** The class being defined: its own name, then each direct supertype, loaded through its loader. */
    boolean reachedBy(ClassHeader header, ClassLoader loader) {
      if (names.contains(header.name)) {
        return true;
      }
      if (header.superName != null && reachedByNamed(header.superName, loader)) {
        return true;
      }
      for (String implemented : header.interfaces) {
        if (reachedByNamed(implemented, loader)) {
          return true;
        }
      }
      return false;
    }

    /** A class being defined, as Byte Buddy describes it from its class file. */
    boolean reachedBy(TypeDescription type, ClassLoader loader) {
      if (names.contains(type.getName())) {
        return true;
      }
      TypeDescription.Generic superclass = type.getSuperClass();
      if (superclass != null && reachedByNamed(superclass.asErasure().getName(), loader)) {
        return true;
      }
      for (TypeDescription implemented : type.getInterfaces().asErasures()) {
        if (reachedByNamed(implemented.getName(), loader)) {
          return true;
        }
      }
      return false;
    }

    private boolean reachedByNamed(String name, ClassLoader loader) {
      if (names.contains(name)) {
        return true;
      }
      if (name.equals("java.lang.Object")) {
        return false;
      }
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return false; // the class cannot be defined either
      }
      return reached.get(type);
    }
  }

  /** Byte Buddy's transformer behind the prefilter. */
  static final class Filtering extends ResettableClassFileTransformer.WithDelegation {
    private final TypePrefilter prefilter;

    Filtering(ResettableClassFileTransformer transformer, TypePrefilter prefilter) {
      super(transformer);
      this.prefilter = prefilter;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
        ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
      if (!prefilter.isCandidate(loader, classBeingRedefined, bytes)) {
        return null;
      }
      return classFileTransformer.transform(loader, internalName, classBeingRedefined, domain, bytes);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
        ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
      if (!prefilter.isCandidate(loader, classBeingRedefined, bytes)) {
        return null;
      }
      return classFileTransformer.transform(module, loader, internalName, classBeingRedefined, domain, bytes);
    }
  }
}
