package dev.gatun.examples;

import dev.gatun.Engine;
import dev.gatun.InstancePool;
import dev.gatun.Linker;
import dev.gatun.Module;
import dev.gatun.PoolConfig;
import dev.gatun.WasmException;
import dev.gatun.wasi.WasiProgram;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The modules of the service: the bundled ones ({@code classpath:modules/}) and those in {@code gatun.modules-dir},
 * each compiled once at start. A module importing {@code wasi_snapshot_preview1} is a WASI command; any other is a
 * library with a pool of instances. Modules that fail to load are logged and listed, and do not stop the service.
 */
@Component
public class ModuleCatalog implements DisposableBean {
    static final String WASI_MODULE = "wasi_snapshot_preview1";
    private static final Logger log = LoggerFactory.getLogger(ModuleCatalog.class);
    private static final long MAX_MODULE_BYTES = 64L << 20;

    private final Engine engine;
    private final PoolConfig poolConfig;
    private final Map<String, LoadedModule> modules = new TreeMap<>();
    private final Map<String, String> rejected = new LinkedHashMap<>();

    public ModuleCatalog(Engine engine, GatunExampleProperties properties) throws IOException {
        this.engine = engine;
        this.poolConfig = new PoolConfig(0, properties.poolMaxSize(), properties.borrowTimeout());
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:modules/*")) {
            String fileName = resource.getFilename();
            if (fileName == null || !isModuleFile(fileName)) continue;
            try (InputStream in = resource.getInputStream()) {
                load(fileName, "classpath:modules/" + fileName, in.readAllBytes());
            }
        }
        if (properties.modulesDir() != null) loadDirectory(properties.modulesDir());
        log.info("WebAssembly modules ready: {}{}", modules.keySet(), rejected.isEmpty() ? "" : "; rejected: " + rejected);
    }

    private void loadDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            rejected.put(directory.toString(), "gatun.modules-dir is not a directory");
            log.warn("gatun.modules-dir {} is not a directory; no extra modules loaded", directory);
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(directory)) {
            // Kubernetes ConfigMap volumes also hold "..data" links and dot-directories: only regular module files count.
            listing.filter(file -> isModuleFile(file.getFileName().toString()) && Files.isRegularFile(file)).forEach(files::add);
        }
        Collections.sort(files);
        for (Path file : files) {
            long size = Files.size(file);
            if (size > MAX_MODULE_BYTES) {
                rejected.put(file.toString(), "larger than " + MAX_MODULE_BYTES + " bytes");
                continue;
            }
            load(file.getFileName().toString(), file.toString(), Files.readAllBytes(file));
        }
    }

    private static boolean isModuleFile(String fileName) {
        return !fileName.startsWith(".") && (fileName.endsWith(".wasm") || fileName.endsWith(".wat"));
    }

    private void load(String fileName, String source, byte[] bytes) {
        String name = fileName.substring(0, fileName.lastIndexOf('.'));
        try {
            LoadedModule loaded = compile(name, source, bytes);
            LoadedModule replaced = modules.put(name, loaded);
            if (replaced != null) {
                log.info("module {} from {} replaces the one from {}", name, source, replaced.source());
                if (replaced instanceof LoadedModule.Library library) library.pool().close();
            }
        } catch (WasmException | IllegalArgumentException e) {
            rejected.put(source, e.getMessage());
            log.error("module {} not loaded: {}", source, e.getMessage());
        }
    }

    private LoadedModule compile(String name, String source, byte[] bytes) {
        boolean binary = bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm';
        Module module = binary ? Module.fromBytes(engine, bytes) : Module.fromWat(engine, new String(bytes, StandardCharsets.UTF_8));
        if (module.imports().stream().anyMatch(i -> i.module().equals(WASI_MODULE))) {
            return new LoadedModule.Command(name, source, WasiProgram.fromBytes(bytes));
        }
        InstancePool pool = new Linker(engine).instantiatePre(module).pool(poolConfig);
        return new LoadedModule.Library(name, source, module, pool);
    }

    public Map<String, LoadedModule> modules() {
        return Collections.unmodifiableMap(modules);
    }

    /** Sources that could not be loaded, with why. */
    public Map<String, String> rejected() {
        return Collections.unmodifiableMap(rejected);
    }

    public Optional<LoadedModule> find(String name) {
        return Optional.ofNullable(modules.get(name));
    }

    public LoadedModule.Library library(String name) {
        LoadedModule module = modules.get(name);
        if (module instanceof LoadedModule.Library library) return library;
        if (module == null) throw new UnknownFunctionException("no module \"" + name + "\"; the modules are " + modules.keySet());
        throw new UnknownFunctionException("module \"" + name + "\" is a WASI command, not a library of functions");
    }

    public LoadedModule.Command command(String name) {
        LoadedModule module = modules.get(name);
        if (module instanceof LoadedModule.Command command) return command;
        if (module == null) throw new UnknownFunctionException("no module \"" + name + "\"; the modules are " + modules.keySet());
        throw new UnknownFunctionException("module \"" + name + "\" is a library, not a WASI command");
    }

    @Override
    public void destroy() {
        for (LoadedModule module : modules.values()) {
            if (module instanceof LoadedModule.Library library) library.pool().close();
        }
    }

}
