package dev.gatun.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.gatun.spring.autoconfigure.app.BootTestApplication;
import dev.gatun.spring.autoconfigure.app.Calc;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;

/** The starter as an application sees it: auto-configurations from the imports file, the failure analyzer from spring.factories. */
@ExtendWith(OutputCaptureExtension.class)
class SpringApplicationTest {

    private static SpringApplication application() {
        SpringApplication application = new SpringApplication(BootTestApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        return application;
    }

    @Test
    void autoConfigurationsAreListedInTheImportsFile() throws java.io.IOException {
        List<String> candidates = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates();
        assertThat(candidates).contains(GatunAutoConfiguration.class.getName(), GatunResilienceAutoConfiguration.class.getName(),
                GatunObservabilityAutoConfiguration.class.getName(), GatunWebMvcAutoConfiguration.class.getName());
        List<String> analyzers = new java.util.ArrayList<>();
        for (var url : java.util.Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
            var factories = new java.util.Properties();
            try (var in = url.openStream()) {
                factories.load(in);
            }
            String value = factories.getProperty(FailureAnalyzer.class.getName());
            if (value != null) analyzers.addAll(List.of(value.split(",")));
        }
        assertThat(analyzers).map(String::trim).contains(GatunFailureAnalyzer.class.getName());
    }

    @Test
    void applicationStartsAndCallsWasm() {
        try (ConfigurableApplicationContext context = application().run("--gatun.modules.calc.location=classpath:wasm/calc.wat",
                "--gatun.modules.hosted.location=classpath:wasm/hosted.wat")) {
            assertThat(context.getBean(Calc.class).upper("spring")).isEqualTo("SPRING");
            assertThat(context.getBean(WasmModuleRegistry.class).all()).hasSize(2);
        }
    }

    @Test
    void badConfigurationIsReportedWithWhatToFix(CapturedOutput output) {
        assertThatThrownBy(() -> application().run("--gatun.modules.calc.location=classpath:wasm/missing.wasm",
                "--gatun.modules.hosted.location=classpath:wasm/hosted.wat").close()).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START", "Gatun could not start: module 'calc': no file at",
                "Fix gatun.modules.calc.location");
    }
}
