package dev.gatun.examples;

import dev.gatun.InterruptedTrap;
import dev.gatun.WasmTrap;
import dev.gatun.wasi.WasiConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs WASI commands with captured stdio, a time limit, a circuit breaker per command and the
 * {@code gatun.commands} timer (tags command, outcome). Each run gets a fresh instance.
 */
@Component
public class CommandRunner {
    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);
    private static final int MAX_OUTPUT_BYTES = 1 << 20;

    private final CommandCatalog catalog;
    private final CommandProperties properties;
    private final MeterRegistry meters;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public CommandRunner(CommandCatalog catalog, CommandProperties properties, MeterRegistry meters) {
        this.catalog = catalog;
        this.properties = properties;
        this.meters = meters;
    }

    /** What a run left behind: its exit status and captured output. */
    public record CommandResult(int exitCode, String stdout, String stderr) {}

    /** Runs command {@code name} with {@code stdin}, capturing stdout and stderr (each up to 1 MiB). */
    public CommandResult run(String name, byte[] stdin) {
        WasiCommand command = catalog.command(name);
        CircuitBreaker breaker = breakers.computeIfAbsent(name, key -> new CircuitBreaker(key,
                properties.breaker().failureThreshold(), properties.breaker().openFor(), System::nanoTime));
        breaker.acquire();
        long start = System.nanoTime();
        String outcome = "error";
        BoundedOutput stdout = new BoundedOutput(MAX_OUTPUT_BYTES);
        BoundedOutput stderr = new BoundedOutput(MAX_OUTPUT_BYTES);
        try {
            WasiConfig config = WasiConfig.builder().args(name).stdin(new ByteArrayInputStream(stdin))
                    .stdout(stdout).stderr(stderr).build();
            int exitCode = command.program().invoke(config, "_start", properties.timeout());
            outcome = "success";
            breaker.onSuccess();
            CommandResult result = new CommandResult(exitCode, stdout.text(), stderr.text());
            // The guest's stderr is its log: it goes to the service's log; stdout goes to the response.
            if (!result.stderr().isEmpty()) log.info("[{} stderr] {}", name, result.stderr().strip());
            return result;
        } catch (InterruptedTrap e) {
            outcome = "timeout";
            breaker.onFailure();
            throw new FunctionTimeoutException(name, properties.timeout(), e);
        } catch (WasmTrap e) {
            outcome = "trap";
            breaker.onFailure();
            throw new CommandTrapException(name, e);
        } catch (RuntimeException e) {
            breaker.onNeutral();
            throw e;
        } finally {
            Timer.builder("gatun.commands").description("Runs of WASI commands")
                    .tag("command", name).tag("outcome", outcome).register(meters)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Breakers by command, for the modules listing. */
    public Map<String, CircuitBreaker> breakers() {
        return Map.copyOf(breakers);
    }

    /** Captures output up to a limit, then drops the rest, so a chatty guest cannot fill the heap. */
    static final class BoundedOutput extends ByteArrayOutputStream {
        private final int limit;

        BoundedOutput(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            super.write(bytes, offset, Math.max(0, Math.min(length, limit - count)));
        }

        @Override
        public synchronized void write(int b) {
            if (count < limit) super.write(b);
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }
}
