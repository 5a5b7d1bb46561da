package dev.gatun.internal.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.runtime.HeapMemory;
import dev.gatun.wasi.WasiConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fd_* and path_* called directly, with arguments placed in a heap memory, on a temporary preopen (fd 3). */
class WasiFilesTest {
    static final int PREOPEN = 3;
    static final long FILE_RIGHTS = Rights.FILE;
    static final int OFLAG_CREAT = 1;
    static final int OFLAG_DIRECTORY = 2;
    static final int OFLAG_EXCL = 4;
    /** Scratch pointers in guest memory. */
    static final int PATH = 1024;
    static final int PATH2 = 2048;
    static final int OUT = 16;
    static final int IOVEC = 32;
    static final int BUFFER = 4096;

    @TempDir
    Path root;
    HeapMemory memory;
    WasiPreview1 wasi;

    @BeforeEach
    void setUp() {
        memory = new HeapMemory(1, -1);
        wasi = new WasiPreview1(WasiConfig.builder().preopen(root, "/sandbox").build(), () -> memory);
    }

    private int call(String name, Object... args) {
        return (Integer) wasi.functions().get(name).body().call(args)[0];
    }

    private int string(int pointer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, memory.bytes, pointer, bytes.length);
        return bytes.length;
    }

    private int i32(int pointer) {
        return ByteBuffer.wrap(memory.bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(pointer);
    }

    private long i64(int pointer) {
        return ByteBuffer.wrap(memory.bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(pointer);
    }

    private void setI32(int pointer, int value) {
        ByteBuffer.wrap(memory.bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(pointer, value);
    }

    /** path_open relative to the preopen; returns the new fd (asserting success). */
    private int open(String path, int oflags, long rights) {
        int length = string(PATH, path);
        assertThat(call("path_open", PREOPEN, 1, PATH, length, oflags, rights, FILE_RIGHTS, 0, OUT)).isZero();
        return i32(OUT);
    }

    private int write(int fd, String text) {
        int length = string(BUFFER, text);
        setI32(IOVEC, BUFFER);
        setI32(IOVEC + 4, length);
        return call("fd_write", fd, IOVEC, 1, OUT);
    }

    private String read(int fd, int max) {
        setI32(IOVEC, BUFFER);
        setI32(IOVEC + 4, max);
        assertThat(call("fd_read", fd, IOVEC, 1, OUT)).isZero();
        return new String(memory.bytes, BUFFER, i32(OUT), StandardCharsets.UTF_8);
    }

    @Test
    void thePreopenIsDescribedByPrestat() {
        assertThat(call("fd_prestat_get", PREOPEN, OUT)).isZero();
        assertThat(i32(OUT + 4)).isEqualTo("/sandbox".length());
        assertThat(call("fd_prestat_dir_name", PREOPEN, PATH, 8)).isZero();
        assertThat(new String(memory.bytes, PATH, 8, StandardCharsets.UTF_8)).isEqualTo("/sandbox");
        assertThat(call("fd_prestat_get", 4, OUT)).isEqualTo(Errno.BADF);
        assertThat(call("fd_prestat_get", 1, OUT)).isEqualTo(Errno.BADF);
    }

    @Test
    void createWriteSeekTellReadAndPositionalIo() throws IOException {
        int fd = open("data.txt", OFLAG_CREAT, FILE_RIGHTS);
        assertThat(write(fd, "hello world")).isZero();
        assertThat(i32(OUT)).isEqualTo(11);
        assertThat(Files.readString(root.resolve("data.txt"))).isEqualTo("hello world");

        assertThat(call("fd_tell", fd, OUT)).isZero();
        assertThat(i64(OUT)).isEqualTo(11);
        assertThat(call("fd_seek", fd, -5L, 2, OUT)).isZero(); // END - 5
        assertThat(i64(OUT)).isEqualTo(6);
        assertThat(read(fd, 100)).isEqualTo("world");
        assertThat(call("fd_seek", fd, -100L, 1, OUT)).isEqualTo(Errno.INVAL);

        setI32(IOVEC, BUFFER);
        setI32(IOVEC + 4, 5);
        assertThat(call("fd_pread", fd, IOVEC, 1, 0L, OUT)).isZero();
        assertThat(new String(memory.bytes, BUFFER, 5, StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(call("fd_tell", fd, OUT)).isZero();
        assertThat(i64(OUT)).as("pread leaves the position").isEqualTo(11);

        assertThat(call("fd_filestat_set_size", fd, 4L)).isZero();
        assertThat(call("fd_filestat_get", fd, BUFFER)).isZero();
        assertThat(memory.bytes[BUFFER + 16]).isEqualTo((byte) FileType.REGULAR_FILE);
        assertThat(i64(BUFFER + 32)).isEqualTo(4);
        assertThat(call("fd_close", fd)).isZero();
        assertThat(call("fd_close", fd)).isEqualTo(Errno.BADF);
    }

    @Test
    void exclusiveCreateOfAnExistingFileIsExist() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        int length = string(PATH, "f");
        assertThat(call("path_open", PREOPEN, 0, PATH, length, OFLAG_CREAT | OFLAG_EXCL, FILE_RIGHTS, 0L, 0, OUT))
                .isEqualTo(Errno.EXIST);
        assertThat(call("path_open", PREOPEN, 0, PATH, length, OFLAG_DIRECTORY, FILE_RIGHTS, 0L, 0, OUT))
                .isEqualTo(Errno.NOTDIR);
    }

    @Test
    void readdirListsDotEntriesThenNamesWithCookies() throws IOException {
        Files.writeString(root.resolve("b"), "");
        Files.createDirectory(root.resolve("a"));

        assertThat(call("fd_readdir", PREOPEN, BUFFER, 1024, 0L, OUT)).isZero();
        int used = i32(OUT);
        StringBuilder names = new StringBuilder();
        int at = BUFFER;
        while (at < BUFFER + used) {
            int nameLength = i32(at + 16);
            names.append(new String(memory.bytes, at + 24, nameLength, StandardCharsets.UTF_8))
                    .append(memory.bytes[at + 20]).append(' ');
            at += 24 + nameLength;
        }
        assertThat(names.toString().strip()).isEqualTo(".3 ..3 a3 b4");

        assertThat(call("fd_readdir", PREOPEN, BUFFER, 1024, 3L, OUT)).isZero(); // from cookie 3: just "b"
        assertThat(i32(OUT)).isEqualTo(25);
        assertThat(call("fd_readdir", PREOPEN, BUFFER, 10, 0L, OUT)).isZero(); // a full buffer means "more"
        assertThat(i32(OUT)).isEqualTo(10);
    }

    @Test
    void directoriesRenameSymlinkReadlinkUnlink() throws IOException {
        int length = string(PATH, "dir");
        assertThat(call("path_create_directory", PREOPEN, PATH, length)).isZero();
        assertThat(call("path_create_directory", PREOPEN, PATH, length)).isEqualTo(Errno.EXIST);
        Files.writeString(root.resolve("dir/f"), "x");
        assertThat(call("path_remove_directory", PREOPEN, PATH, length)).isEqualTo(Errno.NOTEMPTY);

        int from = string(PATH, "dir/f");
        int to = string(PATH2, "g");
        assertThat(call("path_rename", PREOPEN, PATH, from, PREOPEN, PATH2, to)).isZero();
        assertThat(Files.readString(root.resolve("g"))).isEqualTo("x");

        int target = string(PATH, "g");
        int link = string(PATH2, "dir/link");
        assertThat(call("path_symlink", PATH, target, PREOPEN, PATH2, link)).isZero();
        assertThat(Files.readSymbolicLink(root.resolve("dir/link")).toString()).isEqualTo("g");
        assertThat(call("path_readlink", PREOPEN, PATH2, link, BUFFER, 100, OUT)).isZero();
        assertThat(new String(memory.bytes, BUFFER, i32(OUT), StandardCharsets.UTF_8)).isEqualTo("g");
        int abs = string(PATH, "/etc/passwd");
        assertThat(call("path_symlink", PATH, abs, PREOPEN, PATH2, string(PATH2, "evil"))).isEqualTo(Errno.PERM);

        // filestat without following: the link itself
        assertThat(call("path_filestat_get", PREOPEN, 0, PATH2, string(PATH2, "dir/link"), BUFFER)).isZero();
        assertThat(memory.bytes[BUFFER + 16]).isEqualTo((byte) FileType.SYMBOLIC_LINK);

        assertThat(call("path_unlink_file", PREOPEN, PATH2, string(PATH2, "dir/link"))).isZero();
        assertThat(call("path_unlink_file", PREOPEN, PATH, string(PATH, "dir"))).isEqualTo(Errno.ISDIR);
        assertThat(call("path_remove_directory", PREOPEN, PATH, string(PATH, "dir"))).isZero();
        assertThat(Files.exists(root.resolve("dir"))).isFalse();
    }

    @Test
    void renumberMovesADescriptorAndDroppedRightsStayDropped() {
        int fd = open("r.txt", OFLAG_CREAT, FILE_RIGHTS);
        assertThat(call("fd_renumber", fd, 1)).isZero(); // over stdout
        assertThat(write(1, "to the file")).isZero();
        assertThat(call("fd_fdstat_get", fd, OUT)).isEqualTo(Errno.BADF);

        assertThat(call("fd_fdstat_set_rights", 1, Rights.FD_READ, 0L)).isZero();
        assertThat(write(1, "more")).isEqualTo(Errno.NOTCAPABLE);
        assertThat(call("fd_fdstat_set_rights", 1, Rights.FD_READ | Rights.FD_WRITE, 0L)).isEqualTo(Errno.NOTCAPABLE);
    }

    @Test
    void setTimesValidatesFlagsAndSetsModificationTime() throws IOException {
        Files.writeString(root.resolve("t"), "");
        int length = string(PATH, "t");
        assertThat(call("path_filestat_set_times", PREOPEN, 0, PATH, length, 0L, 0L, 4 | 8)).isEqualTo(Errno.INVAL);
        long mtime = 1_000_000_000_000_000_000L;
        assertThat(call("path_filestat_set_times", PREOPEN, 0, PATH, length, 0L, mtime, 4)).isZero();
        assertThat(Files.getLastModifiedTime(root.resolve("t")).toMillis()).isEqualTo(mtime / 1_000_000);
    }

    @Test
    void streamsAreNotSeekable() {
        assertThat(call("fd_seek", 1, 0L, 0, OUT)).isEqualTo(Errno.SPIPE);
        assertThat(call("fd_fdstat_get", 1, OUT)).isZero();
        assertThat(memory.bytes[OUT]).isEqualTo((byte) FileType.CHARACTER_DEVICE);
    }
}
