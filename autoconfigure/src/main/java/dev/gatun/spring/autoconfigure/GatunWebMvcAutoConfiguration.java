package dev.gatun.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.DispatcherServlet;

import dev.gatun.spring.autoconfigure.web.WasmProblemDetailsHandler;

/** In servlet web apps, failed Wasm calls become RFC 9457 problem details (see {@link WasmProblemDetailsHandler}). */
@AutoConfiguration(after = GatunAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, ProblemDetail.class})
@ConditionalOnProperty(name = "gatun.web.problem-details", matchIfMissing = true)
public class GatunWebMvcAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public WasmProblemDetailsHandler wasmProblemDetailsHandler() {
        return new WasmProblemDetailsHandler();
    }
}
