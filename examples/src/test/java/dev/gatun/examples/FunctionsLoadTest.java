package dev.gatun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.Engine;
import dev.gatun.PoolStats;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * 16 loopback clients x 40 requests over a mix of endpoints, one in twenty a deliberate bad request. Asserts
 * every answer is the expected one and that no instance leaked; prints throughput and latency percentiles
 * (not asserted: the machine is shared).
 */
// A generous command time limit: this test checks answers and pool accounting under concurrency, not timing, and
// on a busy machine 16 clients can keep greet past its 2 s limit and a function past the engine's 1 s (a timeout would also open a breaker).
// Its own properties also give it its own context, so no breaker state reaches other test classes.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"examples.commands.timeout=60s", "gatun.engine.default-timeout=60s"})
class FunctionsLoadTest extends ServiceTestSupport {
    private static final int CLIENTS = 16;
    private static final int REQUESTS_PER_CLIENT = 40;

    @Autowired
    WasmModuleRegistry registry;

    @Autowired
    Engine engine;

    @Test
    void concurrentClientsGetCorrectAnswersAndNoInstanceLeaks() throws Exception {
        get("/api/add?a=0&b=0"); // warm-up: the first call creates the first pooled instance
        long discardedBefore = registry.pool("text").stats().discarded();

        Map<String, AtomicInteger> unexpected = new ConcurrentHashMap<>();
        AtomicInteger expectedErrors = new AtomicInteger();
        long[] latencies = new long[CLIENTS * REQUESTS_PER_CLIENT];
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                        long begin = System.nanoTime();
                        String failure = oneRequest(client, r, expectedErrors);
                        latencies[client * REQUESTS_PER_CLIENT + r] = System.nanoTime() - begin;
                        if (failure != null) unexpected.computeIfAbsent(failure, k -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            for (Future<?> future : done) future.get(120, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(unexpected).isEmpty();
        assertThat(expectedErrors.get()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT / 20);
        PoolStats after = registry.pool("text").stats();
        assertThat(after.inUse()).isZero();
        assertThat(after.idle()).isEqualTo(after.size());
        assertThat(after.size()).isBetween(1, 16);
        assertThat(after.discarded()).isEqualTo(discardedBefore);
        int pooled = registry.all().stream().mapToInt(runtime -> runtime.pool().stats().size()).sum();
        assertThat(engine.liveInstances()).as("live instances = pooled ones: nothing leaked").isEqualTo(pooled);

        Arrays.sort(latencies);
        System.out.printf("load: %d clients x %d requests in %.2fs = %.0f req/s; latency p50 %.1f ms, p90 %.1f ms, "
                        + "p99 %.1f ms, max %.1f ms; text pool %s%n", CLIENTS, REQUESTS_PER_CLIENT, seconds,
                latencies.length / seconds, percentile(latencies, 50), percentile(latencies, 90),
                percentile(latencies, 99), latencies[latencies.length - 1] / 1e6, after);
    }

    /** Returns null when the answer is the expected one, else a description of what went wrong. */
    private String oneRequest(int client, int request, AtomicInteger expectedErrors) {
        int a = client * 1000 + request;
        try {
            switch (request % 20) {
                case 19 -> {
                    HttpResponse<String> response = get("/api/fib/-" + (request + 1));
                    if (response.statusCode() != 400) return "fib(-n) gave " + response.statusCode();
                    expectedErrors.incrementAndGet();
                }
                case 0, 5, 10, 15 -> {
                    HttpResponse<String> response = post("/api/greet", "text/plain", "client" + client);
                    if (!response.body().contains("Hello, client" + client + "!")) return "greet: " + response.body();
                }
                case 1, 3, 7, 11, 13, 17 -> {
                    String word = "load-" + a + "-abc";
                    HttpResponse<String> response = post("/api/upper", "text/plain", word);
                    if (!response.body().equals(word.toUpperCase())) return "upper: " + response.statusCode() + " " + response.body();
                }
                case 2, 6, 14 -> {
                    HttpResponse<String> response = get("/api/fib/" + (request % 50));
                    if (response.statusCode() != 200) return "fib: " + response.statusCode() + " " + response.body();
                }
                default -> {
                    HttpResponse<String> response = get("/api/add?a=" + a + "&b=" + request);
                    if (!response.body().contains("\"sum\":" + (a + request))) return "add: " + response.statusCode() + " " + response.body();
                }
            }
            return null;
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private static double percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
