package dev.gatun.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.gatun.spring.autoconfigure.GatunProperties.Stdio;
import dev.gatun.spring.autoconfigure.module.WasmModuleRegistry;
import dev.gatun.spring.autoconfigure.module.WasmModuleRuntime;
import dev.gatun.wasi.WasiCapture;
import dev.gatun.wasi.WasiExit;

/** {@code gatun.modules.<name>.wasi.*}: args, env, preopens (read-only or not), stdio modes. */
class WasiModuleTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GatunAutoConfiguration.class))
            .withPropertyValues("gatun.modules.cmd.location=classpath:wasm/wasi.wat");

    private static int call(WasmModuleRuntime module, String function) {
        return module.call(function, instance -> instance.function(function).asIntSupplier().getAsInt());
    }

    @Test
    void argsAndEnvReachTheGuest() {
        runner.withPropertyValues("gatun.modules.cmd.wasi.args=cmd,--verbose,x",
                "gatun.modules.cmd.wasi.env.GREETING=hello", "gatun.modules.cmd.wasi.env.LANG=C").run(context -> {
            WasmModuleRuntime cmd = context.getBean(WasmModuleRegistry.class).get("cmd");
            assertThat(call(cmd, "argc")).isEqualTo(3);
            assertThat(call(cmd, "environ_count")).isEqualTo(2);
            var wasi = context.getBean(GatunProperties.class).modules().get("cmd").wasi();
            assertThat(wasi.stdio()).isEqualTo(Stdio.DISCARD);
            assertThat(wasi.env()).containsEntry("GREETING", "hello");
        });
    }

    @Test
    void anEmptyWasiSectionStillDefinesWasi() {
        runner.withPropertyValues("gatun.modules.cmd.wasi.stdio=discard").run(context -> {
            WasmModuleRuntime cmd = context.getBean(WasmModuleRegistry.class).get("cmd");
            assertThat(call(cmd, "argc")).isZero();
            assertThat(call(cmd, "hello")).as("fd_write's errno").isZero();
        });
    }

    @Test
    void captureGivesEachCallItsOwnStdinAndStdout() {
        runner.withPropertyValues("gatun.modules.cmd.wasi.stdio=capture").run(context -> {
            WasmModuleRuntime cmd = context.getBean(WasmModuleRegistry.class).get("cmd");
            var first = WasiCapture.capture("Gatun".getBytes(StandardCharsets.UTF_8), () -> call(cmd, "echo"));
            var second = WasiCapture.capture("Panama".getBytes(StandardCharsets.UTF_8), () -> call(cmd, "echo"));

            assertThat(first.stdoutText()).isEqualTo("Gatun");
            assertThat(second.stdoutText()).isEqualTo("Panama");
            assertThat(second.value()).isEqualTo(6);
        });
    }

    @Test
    void procExitReachesTheCallerAndTheInstanceIsNotReused() {
        runner.withPropertyValues("gatun.modules.cmd.wasi.stdio=capture").run(context -> {
            WasmModuleRuntime cmd = context.getBean(WasmModuleRegistry.class).get("cmd");
            assertThatThrownBy(() -> cmd.call("quit", instance -> {
                instance.function("quit").asRunnable().run();
                return null;
            })).isInstanceOfSatisfying(WasiExit.class, e -> assertThat(e.code()).isEqualTo(3));
            assertThat(cmd.pool().stats().discarded()).isEqualTo(1);
        });
    }

    @Test
    void aReadWritePreopenLetsTheGuestCreateFiles(@TempDir Path dir) {
        runner.withPropertyValues("gatun.modules.cmd.wasi.preopens[0].guest=/data",
                "gatun.modules.cmd.wasi.preopens[0].host=" + dir).run(context -> {
            WasmModuleRuntime cmd = context.getBean(WasmModuleRegistry.class).get("cmd");
            assertThat(call(cmd, "create")).as("path_open's errno").isZero();
            assertThat(Files.exists(dir.resolve("new.txt"))).isTrue();
        });
    }

    @Test
    void aReadOnlyPreopenRefusesToCreateFiles(@TempDir Path dir) {
        runner.withPropertyValues("gatun.modules.cmd.wasi.preopens[0].guest=/data",
                "gatun.modules.cmd.wasi.preopens[0].host=" + dir,
                "gatun.modules.cmd.wasi.preopens[0].read-only=true").run(context -> {
            WasmModuleRuntime cmd = context.getBean(WasmModuleRegistry.class).get("cmd");
            assertThat(call(cmd, "create")).as("path_open's errno").isNotZero();
            assertThat(Files.exists(dir.resolve("new.txt"))).isFalse();
        });
    }
}
