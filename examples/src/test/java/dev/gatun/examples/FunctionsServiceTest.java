package dev.gatun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The service over real HTTP on a random port: bundled modules, operator modules, time limit, breaker, actuator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FunctionsServiceTest extends ServiceTestSupport {

    @Test
    void addsWithTheWatModule() {
        HttpResponse<String> response = get("/api/add?a=2&b=40");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"sum\":42");
    }

    @Test
    void additionWrapsAroundLikeI32() {
        assertThat(get("/api/add?a=2147483647&b=1").body()).contains("\"sum\":-2147483648");
    }

    @Test
    void fibonacciUsesI64() {
        assertThat(get("/api/fib/90").body()).contains("\"fib\":2880067194370816120");
        assertThat(get("/api/fib/0").body()).contains("\"fib\":0");
    }

    @Test
    void negativeFibonacciIsABadRequest() {
        HttpResponse<String> response = get("/api/fib/-1");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("fib needs n >= 0, got -1");
    }

    @Test
    void upperCasesAsciiAndKeepsUtf8() {
        HttpResponse<String> response = post("/api/upper", "text/plain;charset=UTF-8", "hello, Panamá canal");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("HELLO, PANAMá CANAL");
    }

    @Test
    void reversesArbitraryBytes() {
        HttpResponse<byte[]> response = postBytes("/api/reverse", new byte[] {1, 2, 0, (byte) 0xff, 5});
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsExactly(5, (byte) 0xff, 0, 2, 1);
    }

    @Test
    void inputLargerThanTheInitialMemoryMakesTheModuleGrowIt() {
        byte[] input = new byte[100_000];
        for (int i = 0; i < input.length; i++) input[i] = (byte) i;
        HttpResponse<byte[]> response = postBytes("/api/reverse", input);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(100_000);
        assertThat(response.body()[0]).isEqualTo(input[99_999]);
        assertThat(response.body()[99_999]).isEqualTo(input[0]);
    }

    @Test
    void greetCapturesTheCProgramsStdoutAndStderr() {
        HttpResponse<String> response = post("/api/greet", "text/plain", "Gatun\n");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"exitCode\":0")
                .contains("\"stdout\":\"Hello, Gatun! Your name has 5 bytes.\\n\"")
                .contains("\"stderr\":\"greet: greeted 5-byte name\\n\"");
    }

    @Test
    void greetWithoutANameReportsTheExitStatus() {
        HttpResponse<String> response = post("/api/greet", "text/plain", "  ");
        assertThat(response.body()).contains("\"exitCode\":2").contains("greet: no name on stdin");
    }

    @Test
    void runawayIsStoppedByTheTimeLimitThenTheBreakerOpens() {
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = post("/api/runaway", "text/plain", "");
            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).contains("runaway.spin").contains("timed out after PT0.7S");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(700_000_000L);
        }
        long start = System.nanoTime();
        HttpResponse<String> rejected = post("/api/runaway", "text/plain", "");
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(rejected.body()).contains("runaway.spin").contains("rejected");
        assertThat(System.nanoTime() - start).as("rejected without running").isLessThan(700_000_000L);
        // The breaker is the function's: the module stays ready, other functions are not affected.
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/api/add?a=1&b=1").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/metrics/gatun.calls?tag=module:runaway&tag=outcome:timeout").body())
                .contains("{\"statistic\":\"COUNT\",\"value\":3.0}");
    }

    @Test
    void moduleFromTheModulesDirIsCallable() {
        HttpResponse<String> response = post("/api/modules/square/functions/square?arg=12", "text/plain", "");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"results\":[144]");
    }

    @Test
    void modulesListingShowsBundledOperatorModulesAndCommands() {
        String body = get("/api/modules").body();
        assertThat(body).contains("\"square\":{").contains("\"text\":{").contains("\"runaway\":{")
                .contains("\"greet\":{\"source\":\"classpath:commands/greet.wasm\"}").doesNotContain("notes");
    }

    @Test
    void greetRunsThroughTheGenericCommandEndpoint() {
        HttpResponse<String> response = post("/api/modules/commands/greet", "application/octet-stream", "ops");
        assertThat(response.body()).contains("Hello, ops! Your name has 3 bytes.");
        assertThat(post("/api/modules/commands/nope", "text/plain", "").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownModuleOrFunctionIs404() {
        HttpResponse<String> noModule = post("/api/modules/nope/functions/f", "text/plain", "");
        assertThat(noModule.statusCode()).isEqualTo(404);
        assertThat(noModule.body()).contains("no module \\\"nope\\\"");
        HttpResponse<String> noFunction = post("/api/modules/text/functions/nope", "text/plain", "");
        assertThat(noFunction.statusCode()).isEqualTo(404);
        assertThat(noFunction.body()).contains("exports no function \\\"nope\\\"");
    }

    @Test
    void wrongArgumentsAre400() {
        HttpResponse<String> count = post("/api/modules/text/functions/add?arg=1", "text/plain", "");
        assertThat(count.statusCode()).isEqualTo(400);
        assertThat(count.body()).contains("takes 2 arguments, got 1");
        HttpResponse<String> type = post("/api/modules/text/functions/add?arg=1&arg=x", "text/plain", "");
        assertThat(type.statusCode()).isEqualTo(400);
        assertThat(type.body()).contains("argument 1 must be an i32, got \\\"x\\\"");
    }

    @Test
    void livenessAndReadinessGroupsAreUp() {
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"");
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"wasm\":{").contains("\"status\":\"UP\"");
    }

    @Test
    void callMetricsPoolGaugesAndWasmEndpointAreExposed() {
        get("/api/add?a=3&b=4");
        post("/api/greet", "text/plain", "metrics");
        assertThat(get("/actuator/metrics/gatun.calls?tag=module:text&tag=function:add&tag=outcome:success").statusCode())
                .isEqualTo(200);
        assertThat(get("/actuator/metrics/gatun.commands?tag=command:greet&tag=outcome:success").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/metrics/gatun.pool.in.use?tag=module:text").body())
                .contains("{\"statistic\":\"VALUE\",\"value\":0.0}");
        assertThat(get("/actuator/wasm").body()).contains("\"text\"").contains("\"square\"");
    }
}
