package dev.gatun.examples;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A broken file in gatun.modules-dir stops the start with a message naming it, instead of serving without it. */
class OperatorModulesStartupTest {

    @Test
    void brokenModuleInTheModulesDirStopsTheStart(@TempDir Path modules) throws Exception {
        Files.write(modules.resolve("broken.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, (byte) 0xff});
        SpringApplicationBuilder service = new SpringApplicationBuilder(FunctionsApplication.class)
                .properties("server.port=0", "gatun.modules-dir=" + modules, "spring.main.banner-mode=off");
        assertThatThrownBy(service::run)
                .hasStackTraceContaining("module 'broken' at " + modules.resolve("broken.wasm").toUri())
                .rootCause()
                .hasMessageContaining("unexpected end (type section)");
    }
}
