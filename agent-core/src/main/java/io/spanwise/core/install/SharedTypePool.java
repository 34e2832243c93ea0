package io.spanwise.core.install;

import io.spanwise.instrumentation.spi.WeakKeyMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * Type descriptions kept from one transformation to the next, per class loader. Matching a class that
 * passed the prefilter walks its supertypes, and Byte Buddy's default pool parses each of them from its
 * class file again for every class: the JDBC driver's twenty statement and connection classes share
 * most of their hierarchy, and the parsing (and the JIT compiling Byte Buddy's parser, which it makes hot)
 * was most of the agent's start-up. Loaders are held weakly and the descriptions softly, so neither a
 * redeployed web application nor a large hierarchy is kept alive by the cache. The class being
 * transformed is never cached from its (possibly changing) bytes: {@code WithTypePoolCache} keeps it
 * apart.
 */
final class SharedTypePool extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  private final WeakKeyMap<ClassLoader, TypePool.CacheProvider> byLoader = new WeakKeyMap<>();
  private final TypePool.CacheProvider bootstrap = new TypePool.CacheProvider.Simple.UsingSoftReference();

  SharedTypePool() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader loader) {
    if (loader == null) {
      return bootstrap;
    }
    TypePool.CacheProvider cache = byLoader.get(loader);
    if (cache == null) {
      TypePool.CacheProvider created = new TypePool.CacheProvider.Simple.UsingSoftReference();
      cache = byLoader.putIfAbsent(loader, created);
      if (cache == null) {
        cache = created;
      }
    }
    return cache;
  }
}
