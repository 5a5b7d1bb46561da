package dev.gatun.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.gatun.WasmTrap;
import dev.gatun.TrapKind;
import dev.gatun.spring.autoconfigure.exception.WasmCallRejectedException;
import dev.gatun.spring.autoconfigure.exception.WasmFuelExhaustedException;
import dev.gatun.spring.autoconfigure.exception.WasmPoolExhaustedException;
import dev.gatun.spring.autoconfigure.exception.WasmTimeoutException;
import dev.gatun.spring.autoconfigure.exception.WasmTrapException;
import dev.gatun.spring.autoconfigure.web.WasmProblemDetailsHandler;

/** Failed calls in a servlet web app become RFC 9457 problem details with the documented statuses. */
class ProblemDetailsTest {

    @RestController
    static class FailingController {
        @GetMapping("/fail/{kind}")
        String fail(@PathVariable String kind) {
            throw switch (kind) {
                case "timeout" -> new WasmTimeoutException("calc", "spin", Duration.ofMillis(100), null);
                case "pool" -> new WasmPoolExhaustedException("calc", "add", new RuntimeException("busy"));
                case "rejected" -> new WasmCallRejectedException("calc", "add", new RuntimeException("circuit open"));
                case "fuel" -> new WasmFuelExhaustedException("calc", "spin", null);
                default -> new WasmTrapException("calc", "crash", new WasmTrap(TrapKind.UNREACHABLE));
            };
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
            .setControllerAdvice(new WasmProblemDetailsHandler()).build();

    @Test
    void statusesPerFailure() throws Exception {
        mvc.perform(get("/fail/timeout")).andExpect(status().isGatewayTimeout())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.type").value("urn:gatun:problem:timeout"))
                .andExpect(jsonPath("$.module").value("calc")).andExpect(jsonPath("$.function").value("spin"));
        mvc.perform(get("/fail/pool")).andExpect(status().isServiceUnavailable());
        mvc.perform(get("/fail/rejected")).andExpect(status().isServiceUnavailable());
        mvc.perform(get("/fail/fuel")).andExpect(status().isUnprocessableContent());
        mvc.perform(get("/fail/trap")).andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.kind").value("unreachable"))
                .andExpect(jsonPath("$.title").value("Wasm guest failed"));
    }

    @Test
    void handlerOnlyInServletWebApplications() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(GatunAutoConfiguration.class, GatunWebMvcAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(WasmProblemDetailsHandler.class));
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(GatunAutoConfiguration.class, GatunWebMvcAutoConfiguration.class))
                .withPropertyValues("gatun.web.problem-details=false")
                .run(context -> assertThat(context).doesNotHaveBean(WasmProblemDetailsHandler.class));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GatunAutoConfiguration.class, GatunWebMvcAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(WasmProblemDetailsHandler.class));
    }
}
