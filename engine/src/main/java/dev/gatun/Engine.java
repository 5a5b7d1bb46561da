package dev.gatun;

import dev.gatun.internal.compile.CompiledModule;
import dev.gatun.internal.compile.ModuleCompiler;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.validate.Validator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Shared, thread-safe compilation and resource context: configured once ({@link EngineConfig}), it compiles
 * modules (keeping compiled ones by content hash) and accounts for the resources of all its instances.
 */
public final class Engine {
    private final EngineConfig config;
    private final Map<String, CompiledModule> cache;
    final AtomicInteger liveInstances = new AtomicInteger();
    final AtomicLong reservedMemoryBytes = new AtomicLong();
    final AtomicInteger liveArenas = new AtomicInteger();
    final AtomicLong liveArenaBytes = new AtomicLong();

    private Engine(EngineConfig config) {
        this.config = config;
        int size = config.moduleCacheSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompiledModule> eldest) {
                return size() > size;
            }
        };
    }

    public static Engine create() {
        return new Engine(EngineConfig.defaults());
    }

    public static Engine create(EngineConfig config) {
        return new Engine(config);
    }

    public EngineConfig config() {
        return config;
    }

    /** Instances created and not yet closed. */
    public int liveInstances() {
        return liveInstances.get();
    }

    /** Bytes of linear memory the live instances reserve (counted against maxTotalMemoryBytes). */
    public long reservedMemoryBytes() {
        return reservedMemoryBytes.get();
    }

    /**
     * Off-heap vmctx blocks of instances not yet closed, and their bytes. Blocks are slices of arenas shared
     * by up to 16 instances of one {@link InstancePre}; an arena is freed once all of its blocks are released.
     */
    public int liveArenas() {
        return liveArenas.get();
    }

    public long liveArenaBytes() {
        return liveArenaBytes.get();
    }

    public synchronized int cachedModules() {
        return cache.size();
    }

    /** Compiles (decode/parse, validate, compile) unless a module with the same source is cached. */
    CompiledModule compile(String kind, byte[] source, Supplier<ModuleModel> parse) {
        if (config.moduleCacheSize == 0) return ModuleCompiler.compile(Validator.validate(parse.get()), config.interruptChecks, config.consumeFuel, config.offHeapMemories);
        // fuel-metered and plain code differ; one engine compiles only one way, but the key says which
        String key = kind + (config.consumeFuel ? ":fuel:" : ":") + (config.offHeapMemories ? "off-heap:" : "")
                + sha256(source);
        synchronized (this) {
            CompiledModule cached = cache.get(key);
            if (cached != null) return cached;
        }
        CompiledModule compiled = ModuleCompiler.compile(Validator.validate(parse.get()), config.interruptChecks, config.consumeFuel, config.offHeapMemories);
        synchronized (this) {
            CompiledModule raced = cache.putIfAbsent(key, compiled);
            return raced != null ? raced : compiled;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
