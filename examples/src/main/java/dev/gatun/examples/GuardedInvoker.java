package dev.gatun.examples;

import dev.gatun.InterruptedTrap;
import dev.gatun.PoolExhaustedException;
import dev.gatun.PooledInstance;
import dev.gatun.WasmTrap;
import dev.gatun.wasi.WasiConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every call into a module goes through here: the function's circuit breaker, a pooled instance (returned
 * reset, or discarded when it trapped), the time limit, and the {@code gatun.calls} timer tagged with
 * module, function and outcome.
 */
@Component
public class GuardedInvoker {
    private static final Logger log = LoggerFactory.getLogger(GuardedInvoker.class);

    private final ModuleCatalog catalog;
    private final GatunExampleProperties properties;
    private final MeterRegistry meters;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public GuardedInvoker(ModuleCatalog catalog, GatunExampleProperties properties, MeterRegistry meters) {
        this.catalog = catalog;
        this.properties = properties;
        this.meters = meters;
    }

    /** Runs {@code body} on a pooled instance of library {@code module}; {@code function} names it for breaker and metrics. */
    public <T> T call(String module, String function, Function<PooledInstance, T> body) {
        LoadedModule.Library library = catalog.library(module);
        String qualified = module + "." + function;
        CircuitBreaker breaker = breaker(qualified);
        breaker.acquire();
        long start = System.nanoTime();
        String outcome = "error";
        try (PooledInstance instance = library.pool().borrow()) {
            T result = body.apply(instance);
            outcome = "success";
            breaker.onSuccess();
            return result;
        } catch (RuntimeException e) {
            outcome = classify(e);
            recordOutcome(breaker, outcome);
            throw translate(qualified, e);
        } finally {
            timer(module, function, outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** What a WASI command run left behind: its exit status and captured output. */
    public record CommandResult(int exitCode, String stdout, String stderr) {}

    /** Runs WASI command {@code module} with {@code stdin}, capturing stdout and stderr (each up to 1 MiB). */
    public CommandResult run(String module, byte[] stdin) {
        LoadedModule.Command command = catalog.command(module);
        String qualified = module + "._start";
        CircuitBreaker breaker = breaker(qualified);
        breaker.acquire();
        long start = System.nanoTime();
        String outcome = "error";
        BoundedOutput stdout = new BoundedOutput(1 << 20);
        BoundedOutput stderr = new BoundedOutput(1 << 20);
        try {
            WasiConfig config = WasiConfig.builder().args(module).stdin(new ByteArrayInputStream(stdin))
                    .stdout(stdout).stderr(stderr).build();
            int exitCode = command.program().invoke(config, "_start", properties.callTimeout());
            outcome = "success";
            breaker.onSuccess();
            CommandResult result = new CommandResult(exitCode, stdout.text(), stderr.text());
            // The guest's stderr is its log: it goes to the service's log, stdout to the response.
            if (!result.stderr().isEmpty()) log.info("[{} stderr] {}", module, result.stderr().strip());
            return result;
        } catch (RuntimeException e) {
            outcome = classify(e);
            recordOutcome(breaker, outcome);
            throw translate(qualified, e);
        } finally {
            timer(module, "_start", outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Breakers by {@code module.function}, for the actuator endpoint. */
    public Map<String, CircuitBreaker> breakers() {
        return Map.copyOf(breakers);
    }

    private CircuitBreaker breaker(String qualified) {
        GatunExampleProperties.Breaker settings = properties.breaker();
        return breakers.computeIfAbsent(qualified,
                name -> new CircuitBreaker(name, settings.failureThreshold(), settings.openFor(), System::nanoTime));
    }

    private static String classify(RuntimeException e) {
        if (e instanceof CircuitOpenException) return "rejected";
        if (e instanceof PoolExhaustedException) return "busy";
        if (e instanceof InterruptedTrap) return "timeout";
        if (e instanceof WasmTrap) return "trap";
        return "error";
    }

    private static void recordOutcome(CircuitBreaker breaker, String outcome) {
        // Time-outs and traps are the function's fault; a full pool or a bad argument are not.
        if (outcome.equals("timeout") || outcome.equals("trap")) breaker.onFailure();
        else breaker.onNeutral();
    }

    private RuntimeException translate(String qualified, RuntimeException e) {
        if (e instanceof InterruptedTrap) return new FunctionTimeoutException(qualified, properties.callTimeout(), e);
        return e;
    }

    private Timer timer(String module, String function, String outcome) {
        return Timer.builder("gatun.calls").description("Calls into WebAssembly functions")
                .tag("module", module).tag("function", function).tag("outcome", outcome)
                .publishPercentileHistogram(false).register(meters);
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
