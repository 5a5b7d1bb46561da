package dev.gatun.spring.autoconfigure.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.gatun.spring.autoconfigure.GatunProperties;
import dev.gatun.spring.autoconfigure.GatunProperties.ModuleProperties;
import dev.gatun.spring.autoconfigure.WasmConfigurationException;

/** The configured modules by name: {@code gatun.modules.*} merged with the files of {@code gatun.modules-dir}. */
public final class ModuleDefinitions {
    private ModuleDefinitions() {}

    public static Map<String, ModuleProperties> resolve(GatunProperties properties) {
        Map<String, ModuleProperties> modules = new TreeMap<>(properties.modules());
        if (properties.modulesDir() != null && !properties.modulesDir().isBlank()) {
            Path dir = Path.of(properties.modulesDir());
            if (!Files.isDirectory(dir)) {
                throw new WasmConfigurationException("gatun.modules-dir '" + dir.toAbsolutePath() + "' is not a directory",
                        "Point gatun.modules-dir at an existing directory of .wasm/.wat files, or remove it");
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    String fileName = file.getFileName().toString();
                    int dot = fileName.lastIndexOf('.');
                    if (dot <= 0 || !Files.isRegularFile(file)) continue;
                    String extension = fileName.substring(dot + 1);
                    if (!extension.equals("wasm") && !extension.equals("wat")) continue;
                    String name = fileName.substring(0, dot);
                    String location = file.toUri().toString();
                    ModuleProperties configured = modules.get(name);
                    if (configured == null) {
                        modules.put(name, ModuleProperties.defaults(location));
                    } else if (configured.location() == null) {
                        modules.put(name, new ModuleProperties(location, configured.pool(), configured.limits(),
                                configured.timeout(), configured.imports(), configured.abi(), configured.wasi()));
                    }
                }
            } catch (IOException e) {
                throw new WasmConfigurationException("cannot list gatun.modules-dir '" + dir + "': " + e.getMessage(),
                        "Make the directory readable by the application", e);
            }
        }
        modules.forEach((name, module) -> {
            if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
                throw new WasmConfigurationException("module name '" + name + "' is not usable as a bean name",
                        "Name modules with letters, digits, '-' or '_', starting with a letter");
            }
            if (module.location() == null || module.location().isBlank()) {
                throw new WasmConfigurationException("module '" + name + "' has no location",
                        "Set gatun.modules." + name + ".location (classpath:..., file:...)");
            }
        });
        return modules;
    }
}
