package io.spanwise.core.install;

import io.spanwise.instrumentation.spi.TypeInstrumentation;
import io.spanwise.instrumentation.spi.WeakKeyMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * direct supertypes are read from the start of the class file ({@link ClassHeader}); whether they reach
 * the names is answered by {@link SuperTypes} from classes already loaded and from class files, never by
 * loading a class: a supertype loaded from here would be defined inside the transformer, and Byte
 * Buddy's circularity lock would let it through unwoven. One walk answers for all the subtype
 * instrumentations at once (which of their names the class reaches), and an instrumentation's loader
 * matcher is asked only for a class that reaches one of its names: in an application of many jars, a
 * loader matcher's look-up of a class that is not there is slow, and every new loader (a framework's
 * throwaway loaders among them) would ask all of them. A class being retransformed is looked at
 * through its {@code Class}. An instrumentation declared by type names ({@link TypeInstrumentation#named},
 * {@code ofJdkTypes}) lets through only classes of those names. An instrumentation declared with a
 * type matcher the core cannot see into lets every class of a matching loader through, unless it names
 * types the class file must mention ({@link TypeInstrumentation#mentioning}, such as an annotation), which
 * a search of the bytes answers. Whatever passes
 * goes to Byte Buddy, whose own matchers decide, so this can only ever skip classes that would not have
 * matched; on any error, the class passes.
 */
final class TypePrefilter {
  private static final Entry[] NO_ENTRIES = new Entry[0];

  /** Instrumentations that match by class name: asked by name first, their loader matcher only on a hit. */
  private final Map<String, List<Entry>> byName = new HashMap<>();
  private final List<Entry> byNamePrefix = new ArrayList<>();
  /**
   * Instrumentations of subtypes ({@link TypeInstrumentation#subTypesOf}), in groups that share one walk of
   * a class's supertypes: a class is asked once which of all their names it reaches, and an
   * instrumentation's loader matcher only when the class reaches one of its names.
   */
  private final List<SubTypeGroup> subTypeGroups = new ArrayList<>();
  /** The other instrumentations (by type matcher, maybe by mentioned names): asked per loader first (below). */
  private final List<Entry> entries = new ArrayList<>();
  private final ElementMatcher<ClassLoader> ignoredLoaders;
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
  /**
   * For the bootstrap loader [0] and the platform loader [1], once asked: a race only asks twice, and the
   * answers are the canonical {@code Boolean}s.
   */
  private final Boolean[] subTypesInJdkLoaders = new Boolean[2];
  /**
   * The entries whose class-loader matcher accepts a loader, asked once per loader (weakly held). Every
   * class passes through here, and asking each instrumentation's loader matcher for each class (a
   * synchronized look-up each, a resource look-up for the bootstrap loader) was the prefilter's main
   * cost: hot enough to be compiled by C2 again and again during start-up. The SPI requires a loader
   * matcher's answer for a loader not to change.
   */
  private final WeakKeyMap<ClassLoader, Entry[]> entriesByLoader = new WeakKeyMap<>();
  private volatile Entry[] bootstrapEntries;

  private final LoadedClasses loadedClasses;
  private final ClassHeaderCache classFiles;

  TypePrefilter(List<TypeInstrumentation> instrumentations) {
    this(instrumentations, loader -> false, LoadedClasses.lookingUp());
  }

  /**
   * @param ignoredLoaders loaders whose classes are never transformed (the transformer ignores them too)
   * @param loadedClasses the classes loaded so far (their supertypes are not read from class files)
   */
  TypePrefilter(List<TypeInstrumentation> instrumentations, ElementMatcher<ClassLoader> ignoredLoaders,
      LoadedClasses loadedClasses) {
    this(instrumentations, ignoredLoaders, loadedClasses, new ClassFiles());
  }

  TypePrefilter(List<TypeInstrumentation> instrumentations, LoadedClasses loadedClasses, ClassFiles classFiles) {
    this(instrumentations, loader -> false, loadedClasses, classFiles);
  }

  private TypePrefilter(List<TypeInstrumentation> instrumentations, ElementMatcher<ClassLoader> ignoredLoaders,
      LoadedClasses loadedClasses, ClassFiles classFiles) {
    this.ignoredLoaders = ignoredLoaders;
    this.loadedClasses = loadedClasses;
    this.classFiles = new ClassHeaderCache(classFiles);
    for (TypeInstrumentation type : instrumentations) {
      Entry entry = new Entry(type.classLoaderMatcher(), mentions(type.mentionedTypes()),
          internalNames(type.typeNamePrefixes()));
      Set<String> superTypeNames = type.superTypeNames();
      if (superTypeNames != null && superTypeNames.size() <= SuperTypes.MAX_NAMES) {
        addSubTypeEntry(type, entry, superTypeNames);
      } else if (type.typeNames() != null) {
        for (String name : internalNames(type.typeNames())) {
          byName.computeIfAbsent(name, n -> new ArrayList<>()).add(entry);
        }
        if (entry.namePrefixes.length > 0) {
          byNamePrefix.add(entry);
        }
      } else {
        // a type matcher the core cannot see into (or more subtype names than a walk tracks): every class
        // of a matching loader passes, unless it must mention a name
        entries.add(entry);
      }
    }
    for (SubTypeGroup group : subTypeGroups) {
      group.superTypes = new SuperTypes(group.names, loadedClasses, this.classFiles);
      for (Entry entry : group.entries) {
        entry.superTypeBits = group.superTypes.bitsOf(entry.superTypeNames);
      }
    }
  }

  private void addSubTypeEntry(TypeInstrumentation type, Entry entry, Set<String> superTypeNames) {
    SubTypeGroup group = subTypeGroups.isEmpty() ? null : subTypeGroups.get(subTypeGroups.size() - 1);
    if (group == null || !group.fits(superTypeNames)) {
      group = new SubTypeGroup();
      subTypeGroups.add(group);
    }
    group.names.addAll(superTypeNames);
    entry.superTypeNames = superTypeNames;
    group.entries.add(entry);
  }

  /**
   * The transformer's matcher for a {@link TypeInstrumentation#subTypesOf} instrumentation. It answers from the
   * classes' loaded supertypes, as the prefilter does, instead of {@code hasSuperType}, which walks the
   * whole hierarchy through Byte Buddy's type pool and parses the class file of every supertype. On any
   * error it asks the instrumentation's own type matcher.
   *
   * <p>The walk is found by the instrumentation's names, not by the instrumentation object: a module
   * makes new instrumentations each time it is asked, so the transformer's may not be the ones this
   * prefilter was given. (Looked up by the object, none was ever found, and every class that reached the
   * transformer was matched by {@code hasSuperType}.)
   */
  ModuleTransformer.Match subTypeMatcher(TypeInstrumentation type) {
    ElementMatcher<ClassLoader> loaders = type.classLoaderMatcher();
    SubTypeGroup group = groupWithAll(type.superTypeNames());
    if (group == null) {
      // more names than one walk tracks (or an instrumentation the prefilter was not given): the
      // instrumentation's own matcher, Byte Buddy's hasSuperType
      ElementMatcher<? super TypeDescription> types = type.typeMatcher();
      return (description, loader, classBeingRedefined) -> loaders.matches(loader) && types.matches(description);
    }
    SuperTypes superTypes = group.superTypes;
    long bits = superTypes.bitsOf(type.superTypeNames());
    ElementMatcher<? super TypeDescription> exclusion = type.exclusion();
    return (description, loader, classBeingRedefined) -> {
      if (!loaders.matches(loader)) {
        return false;
      }
      try {
        long reached = classBeingRedefined != null
            ? superTypes.reachedBy(classBeingRedefined)
            : superTypes.reachedBy(description, loader);
        return (reached & bits) != 0 && !description.isInterface() && !exclusion.matches(description);
      } catch (RuntimeException | LinkageError e) {
        return type.typeMatcher().matches(description);
      }
    };
  }

  /**
   * Whether a class may match an instrumentation; {@code internalName} is its name as the JVM gives it to
   * transformers (null for some generated classes), {@code bytes} its class file.
   */
  boolean isCandidate(ClassLoader loader, String internalName, Class<?> classBeingRedefined, byte[] bytes) {
    try {
      if (loader != null && ignoredLoaders.matches(loader)) {
        // a reflection accessor's loader: one per generated class, each would ask every loader matcher
        return false;
      }
      if (isNamed(loader, internalName)) {
        return true;
      }
      if (reachesASubTypeInstrumentation(loader, classBeingRedefined, bytes)) {
        return true;
      }
      for (Entry entry : entriesFor(loader)) {
        if (entry.mentions == null || mentionsAny(bytes, entry.mentions)) {
          return true;
        }
      }
      return false;
    } catch (Throwable t) {
      return true;
    }
  }

  /** Whether the class (not an interface) reaches a name of a subtype instrumentation that sees its loader. */
  private boolean reachesASubTypeInstrumentation(ClassLoader loader, Class<?> classBeingRedefined, byte[] bytes) {
    if (subTypeGroups.isEmpty() || !subTypesInJdkLoader(loader)) {
      return false;
    }
    ClassHeader header = null;
    if (classBeingRedefined != null) {
      if (classBeingRedefined.isInterface()) {
        return false;
      }
    } else {
      header = ClassHeader.parse(bytes);
      if (header.isInterface()) {
        return false;
      }
    }
    for (SubTypeGroup group : subTypeGroups) {
      long reached = header != null
          ? group.superTypes.reachedBy(header, loader)
          : group.superTypes.reachedBy(classBeingRedefined);
      if ((reached & ~SuperTypes.INCOMPLETE) == 0) {
        continue;
      }
      for (Entry entry : group.entries) {
        if ((reached & entry.superTypeBits) != 0 && entry.loaders.matches(loader)
            && (entry.mentions == null || mentionsAny(bytes, entry.mentions))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * For the JDK's own loaders, whether any subtype instrumentation looks at their classes at all (asked
   * once): the JDK's classes, loaded all along, are then not walked in vain. Any other loader: true.
   */
  private boolean subTypesInJdkLoader(ClassLoader loader) {
    if (loader != null && loader != PLATFORM) {
      return true;
    }
    int which = loader == null ? 0 : 1;
    Boolean known = subTypesInJdkLoaders[which];
    if (known == null) {
      known = anySubTypeEntryAccepts(loader);
      subTypesInJdkLoaders[which] = known;
    }
    return known;
  }

  private boolean anySubTypeEntryAccepts(ClassLoader loader) {
    for (SubTypeGroup group : subTypeGroups) {
      for (Entry entry : group.entries) {
        if (entry.loaders.matches(loader)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether an instrumentation declared by type names names the class. Names are asked first: the loader
   * matcher (a resource look-up for each new loader, slow in a loader of many jars) only when one does.
   * Also asked by the start-up retransformation pass, to pick the JDK's classes worth describing.
   */
  boolean isNamed(ClassLoader loader, String internalName) {
    if (internalName == null) {
      return false;
    }
    List<Entry> named = byName.get(internalName);
    if (named != null) {
      for (Entry entry : named) {
        if (entry.loaders.matches(loader)) {
          return true;
        }
      }
    }
    for (Entry entry : byNamePrefix) {
      for (String prefix : entry.namePrefixes) {
        if (internalName.startsWith(prefix) && entry.loaders.matches(loader)) {
          return true;
        }
      }
    }
    return false;
  }

  private Entry[] entriesFor(ClassLoader loader) {
    if (loader == null) {
      Entry[] known = bootstrapEntries;
      if (known == null) {
        known = matching(null);
        bootstrapEntries = known;
      }
      return known;
    }
    Entry[] known = entriesByLoader.getIfPresent(loader);
    if (known == null) {
      known = matching(loader);
      entriesByLoader.put(loader, known);
    }
    return known;
  }

  private Entry[] matching(ClassLoader loader) {
    List<Entry> matching = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.loaders.matches(loader)) {
        matching.add(entry);
      }
    }
    return matching.isEmpty() ? NO_ENTRIES : matching.toArray(NO_ENTRIES);
  }

  private static Set<String> internalNames(Set<String> binaryNames) {
    if (binaryNames == null) {
      return null;
    }
    Set<String> names = new HashSet<>();
    for (String name : binaryNames) {
      names.add(name.replace('.', '/'));
    }
    return names;
  }

  private static String[] internalNames(List<String> binaryNamePrefixes) {
    String[] prefixes = new String[binaryNamePrefixes.size()];
    for (int i = 0; i < prefixes.length; i++) {
      prefixes[i] = binaryNamePrefixes.get(i).replace('.', '/');
    }
    return prefixes;
  }

  private static byte[][] mentions(List<String> internalNames) {
    if (internalNames == null) {
      return null;
    }
    byte[][] mentions = new byte[internalNames.size()][];
    for (int i = 0; i < mentions.length; i++) {
      mentions[i] = internalNames.get(i).getBytes(StandardCharsets.UTF_8);
    }
    return mentions;
  }

  /**
   * Whether the class file holds one of these internal names: a class that uses a type (in its code, a
   * signature or an annotation) has its name in a constant pool string, as a class entry or within a
   * descriptor. A plain search of the bytes, no parsing.
   */
  static boolean mentionsAny(byte[] classFile, byte[][] names) {
    for (byte[] name : names) {
      if (indexOf(classFile, name) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(byte[] bytes, byte[] name) {
    byte first = name[0];
    int last = bytes.length - name.length;
    outer:
    for (int i = 0; i <= last; i++) {
      if (bytes[i] != first) {
        continue;
      }
      for (int j = 1; j < name.length; j++) {
        if (bytes[i + j] != name[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static final class Entry {
    final ElementMatcher<ClassLoader> loaders;
    /** For {@link TypeInstrumentation#mentioning}: internal names one of which the class file must hold. */
    final byte[][] mentions;
    /** For {@code ofJdkTypesNamedStartingWith}: internal name prefixes that can match. */
    final String[] namePrefixes;
    /** For {@link TypeInstrumentation#subTypesOf}: the names and their bits in their group's walk. */
    Set<String> superTypeNames;
    long superTypeBits;

    Entry(ElementMatcher<ClassLoader> loaders, byte[][] mentions, String[] namePrefixes) {
      this.loaders = loaders;
      this.mentions = mentions;
      this.namePrefixes = namePrefixes;
    }
  }

  /** Subtype instrumentations whose names one {@link SuperTypes} walk tracks together. */
  private SubTypeGroup groupWithAll(Set<String> names) {
    if (names == null) {
      return null;
    }
    for (SubTypeGroup group : subTypeGroups) {
      if (group.names.containsAll(names)) {
        return group;
      }
    }
    return null;
  }

  private static final class SubTypeGroup {
    final Set<String> names = new HashSet<>();
    final List<Entry> entries = new ArrayList<>();
    SuperTypes superTypes;

    boolean fits(Set<String> more) {
      int added = 0;
      for (String name : more) {
        if (!names.contains(name)) {
          added++;
        }
      }
      return names.size() + added <= SuperTypes.MAX_NAMES;
    }
  }
}
