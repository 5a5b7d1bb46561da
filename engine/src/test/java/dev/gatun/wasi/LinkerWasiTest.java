package dev.gatun.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.Engine;
import dev.gatun.Instance;
import dev.gatun.InstancePool;
import dev.gatun.Linker;
import dev.gatun.Module;
import dev.gatun.PoolConfig;
import dev.gatun.PooledInstance;
import dev.gatun.UnlinkableException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** WASI preview1 through the public {@link Linker}: state per instance, pool resets, capture per call. */
class LinkerWasiTest {
    /** write: "hi\n" to stdout, returns fd_write's errno; close_stdout: fd_close(1)'s errno; quit: proc_exit(7). */
    private static final String MODULE = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 1024) "hi\\n")
          (func (export "write") (result i32)
            (i32.store (i32.const 0) (i32.const 1024))
            (i32.store (i32.const 4) (i32.const 3))
            (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
          (func (export "close_stdout") (result i32) (call $fd_close (i32.const 1)))
          (func (export "quit") (call $exit (i32.const 7))))
        """;
    private static final int EBADF = 8;

    private final Engine engine = Engine.create();
    private final Module module = Module.fromWat(engine, MODULE);

    @Test
    void anInstanceWritesToTheConfiguredStdout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Linker linker = new Linker(engine).defineWasi(WasiConfig.builder().stdout(out).build());

        try (Instance instance = linker.instantiate(module)) {
            assertThat(instance.function("write").asIntSupplier().getAsInt()).isZero();
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
    }

    @Test
    void procExitSurfacesAsWasiExitWithItsCode() {
        Linker linker = new Linker(engine).defineWasi(WasiConfig.builder().build());
        try (Instance instance = linker.instantiate(module)) {
            assertThatThrownBy(() -> instance.function("quit").asRunnable().run())
                    .isInstanceOfSatisfying(WasiExit.class, e -> assertThat(e.code()).isEqualTo(7));
        }
    }

    @Test
    void eachInstanceHasItsOwnDescriptorTable() {
        Linker linker = new Linker(engine).defineWasi(WasiConfig.builder().build());
        try (Instance first = linker.instantiate(module); Instance second = linker.instantiate(module)) {
            assertThat(first.function("close_stdout").asIntSupplier().getAsInt()).isZero();

            assertThat(first.function("write").asIntSupplier().getAsInt()).isEqualTo(EBADF);
            assertThat(second.function("write").asIntSupplier().getAsInt()).isZero();
        }
    }

    @Test
    void aPooledInstanceGetsAFreshWasiStateWhenReturned() {
        AtomicInteger configsMade = new AtomicInteger();
        Linker linker = new Linker(engine).defineWasi(() -> {
            configsMade.incrementAndGet();
            return WasiConfig.builder().build();
        });
        try (InstancePool pool = linker.instantiatePre(module).pool(new PoolConfig(0, 1, Duration.ofSeconds(1)))) {
            try (PooledInstance pooled = pool.borrow()) {
                assertThat(pooled.function("close_stdout").asIntSupplier().getAsInt()).isZero();
                assertThat(pooled.function("write").asIntSupplier().getAsInt()).isEqualTo(EBADF);
            }
            try (PooledInstance pooled = pool.borrow()) {
                assertThat(pooled.function("write").asIntSupplier().getAsInt()).isZero();
            }
            assertThat(pool.stats().reset()).isEqualTo(2);
        }
        assertThat(configsMade).hasValue(3); // instantiation, then one per return
    }

    @Test
    void captureCollectsTheOutputOfOneCallOnItsThread() {
        Linker linker = new Linker(engine).defineWasi(WasiCapture.configure(WasiConfig.builder()).build());
        try (InstancePool pool = linker.instantiatePre(module).pool(new PoolConfig(1, 1, Duration.ofSeconds(1)))) {
            WasiCapture.Output<Integer> first = WasiCapture.capture(() -> {
                try (PooledInstance pooled = pool.borrow()) {
                    return pooled.function("write").asIntSupplier().getAsInt();
                }
            });
            WasiCapture.Output<Object> exited = WasiCapture.capture(() -> {
                try (PooledInstance pooled = pool.borrow()) {
                    pooled.function("quit").asRunnable().run();
                    return "returned";
                }
            });

            assertThat(first.value()).isZero();
            assertThat(first.exitCode()).isNull();
            assertThat(first.stdoutText()).isEqualTo("hi\n");
            assertThat(first.stderr()).isEmpty();
            assertThat(exited.value()).isNull();
            assertThat(exited.exitCode()).isEqualTo(7);
            assertThat(exited.stdout()).isEmpty();
        }
    }

    @Test
    void captureGivesTheCallItsOwnStdin() {
        Module echo = Module.fromWat(engine, """
            (module
              (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "echo") (result i32)
                (i32.store (i32.const 0) (i32.const 1024))
                (i32.store (i32.const 4) (i32.const 64))
                (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
                (i32.store (i32.const 4) (i32.load (i32.const 16)))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
                (i32.load (i32.const 16))))""");
        Linker linker = new Linker(engine).defineWasi(WasiCapture.configure(WasiConfig.builder()).build());
        try (Instance instance = linker.instantiate(echo)) {
            WasiCapture.Output<Integer> output = WasiCapture.capture("Gatun".getBytes(StandardCharsets.UTF_8),
                    () -> instance.function("echo").asIntSupplier().getAsInt());

            assertThat(output.value()).isEqualTo(5);
            assertThat(output.stdoutText()).isEqualTo("Gatun");
            assertThat(instance.function("echo").asIntSupplier().getAsInt()).as("outside a capture: EOF").isZero();
        }
    }

    @Test
    void wasiReadsAndWritesAnOffHeapMemoryToo() {
        Engine offHeap = Engine.create(dev.gatun.EngineConfig.builder().offHeapMemories(true).build());
        Module echo = Module.fromWat(offHeap, """
            (module
              (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 2000) "> ")
              (func (export "echo") (result i32)
                (i32.store (i32.const 0) (i32.const 2000))
                (i32.store (i32.const 4) (i32.const 2))
                (i32.store (i32.const 8) (i32.const 1024))
                (i32.store (i32.const 12) (i32.const 64))
                (drop (call $fd_read (i32.const 0) (i32.const 8) (i32.const 1) (i32.const 16)))
                (i32.store (i32.const 12) (i32.load (i32.const 16)))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 16)))
                (i32.load (i32.const 16))))""");
        Linker linker = new Linker(offHeap).defineWasi(WasiCapture.configure(WasiConfig.builder()).build());
        try (InstancePool pool = linker.instantiatePre(echo).pool(new PoolConfig(1, 1, Duration.ofSeconds(1)))) {
            for (String input : new String[] {"Gatun", "off-heap"}) {
                try (PooledInstance lease = pool.borrow()) {
                    WasiCapture.Output<Integer> output = WasiCapture.capture(input.getBytes(StandardCharsets.UTF_8),
                            () -> lease.function("echo").asIntSupplier().getAsInt());
                    assertThat(output.stdoutText()).isEqualTo("> " + input);
                    assertThat(output.value()).isEqualTo(2 + input.length());
                }
            }
        }
    }

    @Test
    void captureKeepsOutputUpToItsLimitAndSaysWhenItDroppedSome() {
        Linker linker = new Linker(engine).defineWasi(WasiCapture.configure(WasiConfig.builder()).build());
        try (Instance instance = linker.instantiate(module)) {
            WasiCapture.Output<Integer> output = WasiCapture.capture(new byte[0], 2, () -> {
                instance.function("write").asIntSupplier().getAsInt();
                return instance.function("write").asIntSupplier().getAsInt();
            });

            assertThat(output.value()).as("the guest still sees its writes succeed").isZero();
            assertThat(output.stdoutText()).isEqualTo("hi");
            assertThat(output.truncated()).isTrue();
            assertThat(WasiCapture.capture(() -> instance.function("write").asIntSupplier().getAsInt()).truncated())
                    .isFalse();
        }
    }

    @Test
    void outputOutsideAnyCaptureIsDiscarded() {
        Linker linker = new Linker(engine).defineWasi(WasiCapture.configure(WasiConfig.builder()).build());
        try (Instance instance = linker.instantiate(module)) {
            assertThat(instance.function("write").asIntSupplier().getAsInt()).isZero();
            assertThat(WasiCapture.capture(() -> "nothing written").stdout()).isEmpty();
        }
    }

    @Test
    void aWasiImportOfTheWrongTypeIsUnlinkableAndSaysWhy() {
        Module wrong = Module.fromWat(engine, """
            (module (import "wasi_snapshot_preview1" "fd_close" (func (param i64) (result i32))))""");
        Linker linker = new Linker(engine).defineWasi(WasiConfig.builder().build());

        assertThatThrownBy(() -> linker.instantiatePre(wrong))
                .isInstanceOf(UnlinkableException.class)
                .hasMessageContaining("wasi_snapshot_preview1.fd_close")
                .hasMessageContaining("i:i");
    }

    @Test
    void aHostFunctionAlreadyDefinedUnderAWasiNameLeavesTheLinkerUntouched() {
        Linker linker = new Linker(engine).func("wasi_snapshot_preview1", "proc_exit",
                java.util.function.IntConsumer.class, code -> { });

        assertThatThrownBy(() -> linker.defineWasi(WasiConfig.builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wasi_snapshot_preview1.proc_exit is already defined");
        assertThatThrownBy(() -> linker.instantiatePre(module)).isInstanceOf(UnlinkableException.class)
                .hasMessageContaining("unknown import wasi_snapshot_preview1.fd_write");
    }

    @Test
    void definingWasiTwiceIsRejected() {
        Linker linker = new Linker(engine).defineWasi(WasiConfig.builder().build());
        assertThatThrownBy(() -> linker.defineWasi(WasiConfig.builder().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already defined");
    }
}
