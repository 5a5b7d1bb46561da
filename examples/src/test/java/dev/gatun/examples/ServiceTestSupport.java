package dev.gatun.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Shared by the HTTP tests (so they share one application context): a modules directory as an operator would
 * ship it (one extra module and a file that is not a module), a short time limit, and a java.net.http client.
 */
abstract class ServiceTestSupport {
    static final Path MODULES_DIR = createModulesDir();

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void serviceProperties(DynamicPropertyRegistry registry) {
        registry.add("gatun.modules-dir", MODULES_DIR::toString);
        registry.add("gatun.modules.runaway.timeout", () -> "700ms");
        registry.add("resilience4j.circuitbreaker.instances.runaway-spin.wait-duration-in-open-state", () -> "60s");
    }

    private static Path createModulesDir() {
        try {
            Path dir = Files.createTempDirectory("gatun-example-modules");
            Files.writeString(dir.resolve("square.wat"), """
                    (module (func (export "square") (param i64) (result i64)
                      (i64.mul (local.get 0) (local.get 0))))
                    """);
            Files.writeString(dir.resolve("notes.txt"), "not a module: ignored");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    HttpResponse<byte[]> postBytes(String path, byte[] body) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
