package dev.gatun.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import dev.gatun.wasi.memfs.MemoryFileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Path confinement: guests try to leave their preopen through "..", absolute paths and symlinks (escaping,
 * absolute, dangling, chained); every attempt fails with the errno the WASI test suite expects. The same holds
 * on other NIO file systems: an in-memory one (written for these tests) and zipfs.
 */
class WasiConfinementTest {
    static final int SUCCESS = 0;
    static final int EPERM = 63;
    static final int ENOENT = 44;
    static final int ENOTDIR = 54;
    static final int ELOOP = 32;
    static final int ENOTCAPABLE = 76;
    static final long READ_RIGHTS = 2; // fd_read

    @TempDir
    Path temp;
    Path sandbox;

    @BeforeEach
    void layout() throws IOException {
        Files.writeString(temp.resolve("secret"), "outside");
        sandbox = Files.createDirectories(temp.resolve("sandbox"));
        Files.writeString(sandbox.resolve("file"), "inside");
        Files.createDirectories(sandbox.resolve("sub"));
        Files.createSymbolicLink(sandbox.resolve("up"), Path.of("../secret"));
        Files.createSymbolicLink(sandbox.resolve("absolute"), temp.resolve("secret"));
        Files.createSymbolicLink(sandbox.resolve("dangling"), Path.of("../../nowhere"));
        Files.createSymbolicLink(sandbox.resolve("sub/back"), Path.of("../file"));
        Files.createSymbolicLink(sandbox.resolve("chain"), Path.of("sub/back"));
        Files.createSymbolicLink(sandbox.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(sandbox.resolve("subdir-link"), Path.of("sub"));
    }

    /** path_open(3, lookup, PATH, 0, rights, 0, 0) then fd_read of up to 64 bytes to stdout; exits with the errno. */
    static String opener(String path, int lookupFlags, int oflags, long rights) {
        return """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (import "wasi_snapshot_preview1" "path_open"
                (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 1024) "%s")
              (func (export "_start") (local $errno i32)
                (local.set $errno (call $open (i32.const 3) (i32.const %d) (i32.const 1024) (i32.const %d)
                  (i32.const %d) (i64.const %d) (i64.const 0) (i32.const 0) (i32.const 0)))
                (if (local.get $errno) (then (call $exit (local.get $errno))))
                (i32.store (i32.const 16) (i32.const 2048))
                (i32.store (i32.const 20) (i32.const 64))
                (drop (call $read (i32.load (i32.const 0)) (i32.const 16) (i32.const 1) (i32.const 24)))
                (i32.store (i32.const 20) (i32.load (i32.const 24)))
                (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 28)))))
            """.formatted(path, lookupFlags, path.getBytes(StandardCharsets.UTF_8).length, oflags, rights);
    }

    private String out;

    private int open(Path root, boolean readOnly, String path, int lookupFlags, int oflags, long rights) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        WasiConfig config = WasiConfig.builder().preopen(root, "/", readOnly).stdout(stdout).build();
        int exit = WasiProgram.fromBytes(opener(path, lookupFlags, oflags, rights).getBytes(StandardCharsets.UTF_8))
                .run(config);
        out = stdout.toString(StandardCharsets.UTF_8);
        return exit;
    }

    @ParameterizedTest(name = "{0} (follow={1}) -> errno {2}")
    @CsvSource({
        "file, 1, " + SUCCESS,
        "sub/../file, 1, " + SUCCESS,
        "sub/back, 1, " + SUCCESS,
        "chain, 1, " + SUCCESS,
        "subdir-link/../file, 0, " + SUCCESS,
        "sub/back, 0, " + ELOOP,
        "../secret, 1, " + EPERM,
        "sub/../../secret, 1, " + EPERM,
        "/etc/passwd, 1, " + EPERM,
        "up, 1, " + EPERM,
        "absolute, 1, " + EPERM,
        "dangling, 1, " + EPERM,
        "up, 0, " + ELOOP,
        "loop, 1, " + ELOOP,
        "missing, 1, " + ENOENT,
        "file/x, 1, " + ENOTDIR,
    })
    void escapesFailAndInsidePathsWork(String path, int follow, int errno) {
        assertThat(open(sandbox, false, path, follow, 0, READ_RIGHTS)).isEqualTo(errno);
        if (errno == SUCCESS) assertThat(out).isEqualTo("inside");
        else assertThat(out).isEmpty();
    }

    @Test
    void aReadOnlyPreopenRefusesCreation() {
        assertThat(open(sandbox, true, "new", 1, 1 /* CREAT */, READ_RIGHTS)).isEqualTo(ENOTCAPABLE);
        assertThat(Files.exists(sandbox.resolve("new"))).isFalse();
        assertThat(open(sandbox, true, "file", 1, 0, READ_RIGHTS)).isZero();
    }

    @Test
    void aSymlinkSwappedInAfterResolutionIsCaughtWhenOpening() throws IOException {
        // the final check compares the real location of what was opened with the root
        Path inner = Files.createDirectories(sandbox.resolve("inner"));
        Files.writeString(inner.resolve("f"), "inside");
        assertThat(open(sandbox, false, "inner/f", 1, 0, READ_RIGHTS)).isZero();
        Files.delete(inner.resolve("f"));
        Files.delete(inner);
        Files.createSymbolicLink(inner, temp); // now inner/secret would be outside
        assertThat(open(sandbox, false, "inner/secret", 1, 0, READ_RIGHTS)).isEqualTo(EPERM);
    }

    @Test
    void anInMemoryFileSystemPreopenIsConfinedTheSameWay() throws IOException {
        FileSystem memory = MemoryFileSystem.create();
        Path root = Files.createDirectories(memory.getPath("/guest"));
        Files.writeString(memory.getPath("/secret"), "outside");
        Files.writeString(root.resolve("file"), "inside");
        Files.createDirectories(root.resolve("sub"));
        Files.createSymbolicLink(root.resolve("up"), memory.getPath("../secret"));
        Files.createSymbolicLink(root.resolve("absolute"), memory.getPath("/secret"));
        Files.createSymbolicLink(root.resolve("sub/back"), memory.getPath("../file"));

        assertThat(open(root, false, "sub/back", 1, 0, READ_RIGHTS)).isZero();
        assertThat(out).isEqualTo("inside");
        assertThat(open(root, false, "sub/../file", 1, 0, READ_RIGHTS)).isZero();
        assertThat(open(root, false, "../secret", 1, 0, READ_RIGHTS)).isEqualTo(EPERM);
        assertThat(open(root, false, "up", 1, 0, READ_RIGHTS)).isEqualTo(EPERM);
        assertThat(open(root, false, "absolute", 1, 0, READ_RIGHTS)).isEqualTo(EPERM);
        assertThat(open(root, false, "up", 0, 0, READ_RIGHTS)).isEqualTo(ELOOP);
        assertThat(open(root, false, "missing", 1, 0, READ_RIGHTS)).isEqualTo(ENOENT);
        assertThat(out).isEmpty();
    }

    @Test
    void aGuestCreatesAFileOnAnInMemoryFileSystem() throws IOException {
        FileSystem memory = MemoryFileSystem.create();
        Path root = Files.createDirectories(memory.getPath("/guest"));
        String wat = """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (import "wasi_snapshot_preview1" "path_open"
                (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 1024) "made.txt")
              (data (i32.const 2048) "written by the guest")
              (func (export "_start")
                (if (call $open (i32.const 3) (i32.const 0) (i32.const 1024) (i32.const 8) (i32.const 1)
                      (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 0))
                  (then (call $exit (i32.const 1))))
                (i32.store (i32.const 16) (i32.const 2048))
                (i32.store (i32.const 20) (i32.const 20))
                (call $exit (call $write (i32.load (i32.const 0)) (i32.const 16) (i32.const 1) (i32.const 24)))))
            """;
        int exit = WasiProgram.fromBytes(wat.getBytes(StandardCharsets.UTF_8))
                .run(WasiConfig.builder().preopen(root, "/").build());

        assertThat(exit).isZero();
        assertThat(Files.readString(root.resolve("made.txt"))).isEqualTo("written by the guest");
    }

    @Test
    void aPreopenMayLiveOnAnotherNioFileSystem() throws IOException {
        Path zip = temp.resolve("fs.zip");
        try (FileSystem zipFs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
            Path root = zipFs.getPath("/data");
            Files.createDirectories(root.resolve("sub"));
            Files.writeString(root.resolve("file"), "inside");
            Files.writeString(zipFs.getPath("/secret"), "outside");

            assertThat(open(root, false, "sub/../file", 1, 0, READ_RIGHTS)).isZero();
            assertThat(out).isEqualTo("inside");
            assertThat(open(root, false, "../secret", 1, 0, READ_RIGHTS)).isEqualTo(EPERM);
            assertThat(open(root, false, "nothing", 1, 0, READ_RIGHTS)).isEqualTo(ENOENT);
        }
    }
}
