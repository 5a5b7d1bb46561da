package dev.gatun.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import dev.gatun.spring.autoconfigure.function.EnableWasmFunctions;
import dev.gatun.spring.autoconfigure.mismatch.WrongCalc;

/** Bad configuration fails start-up, and the failure analyzer says what to fix. */
class StartupFailureTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GatunAutoConfiguration.class));

    private static FailureAnalysis analysis(Throwable startupFailure) {
        assertThat(startupFailure).isNotNull();
        Throwable cause = startupFailure;
        while (cause != null && !(cause instanceof WasmConfigurationException)) cause = cause.getCause();
        assertThat(cause).as("a WasmConfigurationException in " + startupFailure).isNotNull();
        FailureAnalysis analysis = new GatunFailureAnalyzer().analyze(startupFailure);
        assertThat(analysis).isNotNull();
        return analysis;
    }

    @Test
    void missingFile() {
        runner.withPropertyValues("gatun.modules.calc.location=classpath:wasm/nowhere.wasm").run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("module 'calc'", "no file at classpath:wasm/nowhere.wasm");
            assertThat(analysis.getAction()).contains("gatun.modules.calc.location");
        });
    }

    @Test
    void invalidModule() {
        runner.withPropertyValues("gatun.modules.bad.location=classpath:wasm/broken.wasm").run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("module 'bad'", "is not a valid Wasm module");
            assertThat(analysis.getAction()).contains("gatun.modules.bad.location");
        });
    }

    @Test
    void unsatisfiableImport() {
        runner.withPropertyValues("gatun.modules.lonely.location=classpath:wasm/unlinkable.wat").run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("module 'lonely' cannot be linked", "env.missing");
            assertThat(analysis.getAction()).contains("@WasmHostFunction", "GatunLinkerCustomizer");
        });
    }

    @Test
    void moduleWithoutLocation() {
        runner.withPropertyValues("gatun.modules.calc.timeout=1s").run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getAction()).contains("Set gatun.modules.calc.location");
        });
    }

    @Test
    void wasiPreopenOfAMissingDirectory() {
        runner.withPropertyValues("gatun.modules.calc.location=classpath:wasm/calc.wat",
                "gatun.modules.calc.wasi.preopens[0].guest=/data",
                "gatun.modules.calc.wasi.preopens[0].host=/no/such/gatun/dir").run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .contains("gatun.modules.calc.wasi.preopens[0].host '/no/such/gatun/dir' is not a directory");
            assertThat(analysis.getAction()).contains("existing directory");
        });
    }

    @Test
    void wasiPreopenWithoutAGuestPath() {
        runner.withPropertyValues("gatun.modules.calc.location=classpath:wasm/calc.wat",
                "gatun.modules.calc.wasi.preopens[0].host=/tmp").run(context ->
                assertThat(analysis(context.getStartupFailure()).getDescription())
                        .contains("gatun.modules.calc.wasi.preopens[0].guest is missing"));
    }

    @Test
    void wasiImportsWithoutWasiConfiguredAreUnlinkable() {
        runner.withPropertyValues("gatun.modules.cmd.location=classpath:wasm/wasi.wat").run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("module 'cmd' cannot be linked", "wasi_snapshot_preview1");
            assertThat(analysis.getAction()).contains("configure gatun.modules.cmd.wasi");
        });
    }

    @Test
    void impossibleLimits() {
        runner.withPropertyValues("gatun.modules.calc.location=classpath:wasm/calc.wat", "gatun.modules.calc.limits.call-depth=0")
                .run(context -> {
                    FailureAnalysis analysis = analysis(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("gatun.modules.calc.limits", "call depth");
                    assertThat(analysis.getAction()).contains("Fix the limits of module 'calc'");
                });
        runner.withPropertyValues("gatun.modules.calc.location=classpath:wasm/calc.wat", "gatun.modules.calc.limits.fuel=-5")
                .run(context -> assertThat(analysis(context.getStartupFailure()).getDescription())
                        .contains("limits.fuel must be positive"));
    }

    @Test
    void unknownPropertyValueFailsBinding() {
        runner.withPropertyValues("gatun.modules.calc.location=classpath:wasm/calc.wat", "gatun.modules.calc.pool.max-size=lots")
                .run(context -> {
                    assertThat(context.getStartupFailure()).isNotNull();
                    assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                            .contains("lots");
                    Throwable bind = context.getStartupFailure();
                    while (bind != null && !(bind instanceof BindException)) bind = bind.getCause();
                    assertThat(bind).isNotNull(); // reported by Spring Boot's own BindFailureAnalyzer
                });
    }

    @Test
    void interfaceThatDisagreesWithTheExports() {
        runner.withUserConfiguration(Mismatched.class).withPropertyValues("gatun.modules.calc.location=classpath:wasm/calc.wat")
                .run(context -> {
                    FailureAnalysis analysis = analysis(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("WrongCalc.add", "(i64, i64) -> (i64)", "(i32, i32) -> (i32)");
                    assertThat(analysis.getAction()).contains("Change the Java signature");
                });
    }

    @Test
    void interfaceNamingAMissingExport() {
        runner.withUserConfiguration(MissingExport.class).withPropertyValues("gatun.modules.calc.location=classpath:wasm/calc.wat")
                .run(context -> {
                    FailureAnalysis analysis = analysis(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("NoSuchExport.minus", "export 'subtract'", "does not export");
                    assertThat(analysis.getAction()).contains("@WasmFunction");
                });
    }

    @Test
    void interfaceOfAnUnconfiguredModule() {
        runner.withUserConfiguration(Mismatched.class).run(context -> assertThat(analysis(context.getStartupFailure())
                .getAction()).contains("gatun.modules.calc.location"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWasmFunctions(basePackages = "dev.gatun.spring.autoconfigure.missing")
    static class MissingExport {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWasmFunctions(basePackageClasses = WrongCalc.class)
    static class Mismatched {
    }
}
