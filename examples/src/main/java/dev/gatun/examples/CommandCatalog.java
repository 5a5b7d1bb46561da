package dev.gatun.examples;

import dev.gatun.wasi.WasiProgram;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/** The bundled WASI commands ({@code classpath:commands/*.wasm}), each decoded and validated once at start. */
@Component
public class CommandCatalog {
    private static final Logger log = LoggerFactory.getLogger(CommandCatalog.class);

    private final Map<String, WasiCommand> commands = new TreeMap<>();

    public CommandCatalog() throws IOException {
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:commands/*.wasm")) {
            String fileName = resource.getFilename();
            if (fileName == null) continue;
            try (InputStream in = resource.getInputStream()) {
                String name = fileName.substring(0, fileName.length() - ".wasm".length());
                commands.put(name, new WasiCommand(name, "classpath:commands/" + fileName, WasiProgram.fromBytes(in.readAllBytes())));
            }
        }
        log.info("WASI commands ready: {}", commands.keySet());
    }

    public Map<String, WasiCommand> commands() {
        return Collections.unmodifiableMap(commands);
    }

    public WasiCommand command(String name) {
        WasiCommand command = commands.get(name);
        if (command == null) throw new UnknownFunctionException("no WASI command \"" + name + "\"; the commands are " + commands.keySet());
        return command;
    }
}
