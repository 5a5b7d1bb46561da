package dev.gatun.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.UnreachableTrap;
import dev.gatun.WasmException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** WASI programs written in WAT: stdio, args, environ, exit codes, traps, clocks, random, sockets. */
class WasiProgramTest {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** A command whose _start body is {@code body}; {@code $exit} calls proc_exit, data strings at 1024. */
    static String command(String imports, String body, String data) {
        return """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              %s
              (memory (export "memory") 1)
              (data (i32.const 1024) "%s")
              (func (export "_start") %s))
            """.formatted(imports, data, body);
    }

    private int run(String wat, WasiConfig.Builder config) {
        WasiProgram program = WasiProgram.fromBytes(wat.getBytes(StandardCharsets.UTF_8));
        return program.run(config.stdout(stdout).stderr(stderr).build());
    }

    private static final String FD_WRITE =
            "(import \"wasi_snapshot_preview1\" \"fd_write\" (func $fd_write (param i32 i32 i32 i32) (result i32)))";

    @Test
    void helloWorldGoesToTheConfiguredStdout() {
        // iovec at 0: {1024, 6}; nwritten at 16
        String wat = command(FD_WRITE, """
            (i32.store (i32.const 0) (i32.const 1024))
            (i32.store (i32.const 4) (i32.const 6))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
            (call $exit (i32.load (i32.const 16)))""", "hello\\n");

        int exit = run(wat, WasiConfig.builder());

        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(exit).isEqualTo(6); // nwritten
    }

    @Test
    void writingToAnUnknownDescriptorIsBadf() {
        String wat = command(FD_WRITE, """
            (call $exit (call $fd_write (i32.const 42) (i32.const 0) (i32.const 0) (i32.const 16)))""", "");

        assertThat(run(wat, WasiConfig.builder())).isEqualTo(8);
    }

    @Test
    void aPointerOutsideMemoryIsEfaultNotACrash() {
        String wat = command(FD_WRITE, """
            (i32.store (i32.const 0) (i32.const 0xfffff000))
            (i32.store (i32.const 4) (i32.const 100))
            (call $exit (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))""", "");

        assertThat(run(wat, WasiConfig.builder())).isEqualTo(21);
        assertThat(stdout.size()).isZero();
    }

    @Test
    void returningFromStartIsExitCodeZeroAndProcExitCarriesItsCode() {
        assertThat(run(command("", "", ""), WasiConfig.builder())).isZero();
        assertThat(run(command("", "(call $exit (i32.const 33))", ""), WasiConfig.builder())).isEqualTo(33);
    }

    @Test
    void aTrapIsATrap() {
        assertThatThrownBy(() -> run(command("", "unreachable", ""), WasiConfig.builder()))
                .isInstanceOf(UnreachableTrap.class);
    }

    @Test
    void argsAreCountedAndCopiedNulTerminated() {
        String wat = command("""
            (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "args_get" (func $get (param i32 i32) (result i32)))
            """ + FD_WRITE, """
            (drop (call $sizes (i32.const 0) (i32.const 4)))
            (drop (call $get (i32.const 100) (i32.const 200)))
            ;; write the whole argv buffer (bufsize bytes at 200) to stdout
            (i32.store (i32.const 8) (i32.const 200))
            (i32.store (i32.const 12) (i32.load (i32.const 4)))
            (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))
            ;; exit code: argc * 100 + offset of argv[1] from argv[0]
            (call $exit (i32.add (i32.mul (i32.load (i32.const 0)) (i32.const 100))
                                 (i32.sub (i32.load (i32.const 104)) (i32.load (i32.const 100)))))""", "");

        int exit = run(wat, WasiConfig.builder().args("prog", "é x"));

        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("prog\0é x\0");
        assertThat(exit).isEqualTo(2 * 100 + 5);
    }

    @Test
    void theGuestSeesOnlyTheConfiguredEnvironment() {
        String wat = command("""
            (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "environ_get" (func $get (param i32 i32) (result i32)))
            """ + FD_WRITE, """
            (drop (call $sizes (i32.const 0) (i32.const 4)))
            (drop (call $get (i32.const 100) (i32.const 200)))
            (i32.store (i32.const 8) (i32.const 200))
            (i32.store (i32.const 12) (i32.load (i32.const 4)))
            (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))
            (call $exit (i32.load (i32.const 0)))""", "");

        int exit = run(wat, WasiConfig.builder().env("A", "1").env("B", "x=y"));

        assertThat(exit).isEqualTo(2);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("A=1\0B=x=y\0");
    }

    @Test
    void stdinIsReadFromTheConfiguredStream() {
        String wat = command("""
            (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
            """ + FD_WRITE, """
            (i32.store (i32.const 0) (i32.const 1024))
            (i32.store (i32.const 4) (i32.const 64))
            (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
            (i32.store (i32.const 4) (i32.load (i32.const 16)))
            (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 20)))
            (call $exit (i32.load (i32.const 16)))""", "");

        int exit = run(wat, WasiConfig.builder().stdin(new ByteArrayInputStream("ping".getBytes(StandardCharsets.UTF_8))));

        assertThat(exit).isEqualTo(4);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("ping");
    }

    @Test
    void clocksTickAndUnknownClocksAreInval() {
        String wat = command("""
            (import "wasi_snapshot_preview1" "clock_time_get" (func $time (param i32 i64 i32) (result i32)))
            (import "wasi_snapshot_preview1" "clock_res_get" (func $res (param i32 i32) (result i32)))
            """, """
            (if (call $time (i32.const 0) (i64.const 1) (i32.const 0)) (then (call $exit (i32.const 1))))
            ;; realtime is after 2020-01-01
            (if (i64.lt_u (i64.load (i32.const 0)) (i64.const 1577836800000000000)) (then (call $exit (i32.const 2))))
            (drop (call $time (i32.const 1) (i64.const 1) (i32.const 8)))
            (drop (call $time (i32.const 1) (i64.const 1) (i32.const 16)))
            (if (i64.lt_u (i64.load (i32.const 16)) (i64.load (i32.const 8))) (then (call $exit (i32.const 3))))
            (if (call $time (i32.const 2) (i64.const 1) (i32.const 24)) (then (call $exit (i32.const 4))))
            (if (call $time (i32.const 3) (i64.const 1) (i32.const 24)) (then (call $exit (i32.const 5))))
            (if (call $res (i32.const 1) (i32.const 32)) (then (call $exit (i32.const 6))))
            (call $exit (call $time (i32.const 9) (i64.const 1) (i32.const 24)))""", "");

        assertThat(run(wat, WasiConfig.builder())).isEqualTo(28);
    }

    @Test
    void randomGetFillsTheBuffer() {
        String wat = command("""
            (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
            """, """
            (if (call $random (i32.const 0) (i32.const 4096)) (then (call $exit (i32.const 1))))
            ;; 64 zero bytes in a row are (practically) impossible
            (call $exit (i64.eqz (i64.or (i64.load (i32.const 0)) (i64.load (i32.const 8)))))""", "");

        assertThat(run(wat, WasiConfig.builder())).isZero();
    }

    @Test
    void randomGetBeyondMemoryIsEfault() {
        String wat = command("""
            (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
            """, "(call $exit (call $random (i32.const 16) (i32.const -1)))", "");

        assertThat(run(wat, WasiConfig.builder())).isEqualTo(21);
    }

    @Test
    void socketsDoNotExist() {
        String wat = command("""
            (import "wasi_snapshot_preview1" "sock_shutdown" (func $shutdown (param i32 i32) (result i32)))
            """, """
            (call $exit (i32.add (i32.mul (call $shutdown (i32.const 1) (i32.const 2)) (i32.const 100))
                                 (call $shutdown (i32.const 77) (i32.const 2))))""", "");

        assertThat(run(wat, WasiConfig.builder())).isEqualTo(57 * 100 + 8); // NOTSOCK, BADF
    }

    @Test
    void pollOneoffWaitsForARelativeClock() {
        // one clock subscription at 0 (48 bytes): userdata 7, tag 0, clock monotonic, timeout 20 ms
        String wat = command("""
            (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
            """, """
            (i64.store (i32.const 0) (i64.const 7))
            (i32.store (i32.const 16) (i32.const 1))
            (i64.store (i32.const 24) (i64.const 20000000))
            (if (call $poll (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 200)) (then (call $exit (i32.const 99))))
            (call $exit (i32.add (i32.mul (i32.load (i32.const 200)) (i32.const 10)) (i32.wrap_i64 (i64.load (i32.const 100)))))""",
                "");

        long start = System.nanoTime();
        int exit = run(wat, WasiConfig.builder());

        assertThat(exit).isEqualTo(17); // one event, userdata 7
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000L);
    }

    @Test
    void anImportWithTheWrongTypeIsRejectedAtLoad() {
        String wat = command("(import \"wasi_snapshot_preview1\" \"fd_close\" (func (param i64) (result i32)))", "", "");

        assertThatThrownBy(() -> run(wat, WasiConfig.builder()))
                .isInstanceOf(WasmException.class)
                .hasMessageContaining("wasi_snapshot_preview1.fd_close has the wrong type");
    }
}
