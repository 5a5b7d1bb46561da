package dev.gatun.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The configuration processor's metadata (IDE completion) covers the properties, with the hand-written hints merged in. */
class ConfigurationMetadataTest {
    @Test
    void generatedMetadataDescribesPropertiesAndHints() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(json).contains("\"gatun.modules-dir\"", "\"gatun.engine.consume-fuel\"", "\"gatun.engine.off-heap-memories\"", "\"gatun.modules\"",
                "\"gatun.resilience4j.enabled\"", "\"gatun.web.problem-details\"", "\"management.health.wasm.enabled\"",
                "\"gatun.modules.values.abi.allocator\"", "\"cabi_realloc\"",
                "\"gatun.modules.values.wasi.stdio\"", "\"capture\"");
        assertThat(json).contains("dev.gatun.spring.autoconfigure.GatunProperties");
    }
}
