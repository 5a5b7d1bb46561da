package dev.gatun.internal.wasi;

import dev.gatun.internal.runtime.HostFunction;
import dev.gatun.internal.runtime.LinearMemory;
import dev.gatun.wasi.Preopen;
import dev.gatun.wasi.WasiConfig;
import dev.gatun.wasi.WasiExit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code wasi_snapshot_preview1} host functions for one program run: each entry is a {@link HostFunction}
 * with its preview1 signature. Errors come back as errno results; {@code proc_exit} throws {@link WasiExit}.
 */
public final class WasiPreview1 {
    public static final String MODULE = "wasi_snapshot_preview1";

    private final GuestMemory memory;
    private final DescriptorTable table = new DescriptorTable();
    private final WasiFiles files;
    private final WasiProcess process;
    private final Map<String, Function> functions = new LinkedHashMap<>();

    /** A preview1 function: its signature ("params:results", i = i32, I = i64) and its body. */
    public record Function(String signature, HostFunction body) {}

    @FunctionalInterface
    private interface Body {
        int call(Object[] a) throws IOException;
    }

    /** @param memory the calling instance's memory, looked up at call time (bound after instantiation) */
    public WasiPreview1(WasiConfig config, Supplier<LinearMemory> memory) {
        this.memory = new GuestMemory(memory);
        table.add(new StreamDescriptor(config.stdin(), null));
        table.add(new StreamDescriptor(null, config.stdout()));
        table.add(new StreamDescriptor(null, config.stderr()));
        for (Preopen preopen : config.preopens()) {
            if (!Files.isDirectory(preopen.hostDirectory())) {
                throw new IllegalArgumentException("preopen " + preopen.hostDirectory() + " is not a directory");
            }
            table.add(new DirectoryDescriptor(preopen.hostDirectory(), preopen.readOnly(), List.of(),
                    preopen.guestPath(), Rights.DIRECTORY, Rights.FILE | Rights.DIRECTORY));
        }
        this.files = new WasiFiles(this.memory, table);
        this.process = new WasiProcess(this.memory, config, table);
        register();
    }

    /** All functions by import name. */
    public Map<String, Function> functions() {
        return java.util.Collections.unmodifiableMap(functions);
    }

    /** Closes every descriptor still open (files the guest did not close). */
    public void closeAll() {
        for (Descriptor d : table.all()) {
            try {
                d.close();
            } catch (IOException ignored) {
                // closing at exit: nothing useful to report
            }
        }
    }

    private void define(String name, String signature, Body body) {
        functions.put(name, new Function(signature, args -> {
            int errno;
            try {
                errno = body.call(args);
            } catch (WasiError e) {
                errno = e.errno;
            } catch (IOException e) {
                errno = IoErrors.errno(e);
            } catch (UncheckedIOException e) {
                errno = IoErrors.errno(e.getCause());
            } catch (UnsupportedOperationException e) {
                errno = Errno.NOTSUP;
            } catch (SecurityException e) {
                errno = Errno.ACCES;
            } catch (IllegalArgumentException e) {
                errno = Errno.INVAL;
            }
            return new Object[] {errno};
        }));
    }

    private static int i(Object[] a, int k) {
        return (Integer) a[k];
    }

    private static long l(Object[] a, int k) {
        return (Long) a[k];
    }

    private String path(Object[] a, int pointer, int length) {
        return memory.string(i(a, pointer), i(a, length));
    }

    private void register() {
        define("args_get", "ii:i", a -> process.argsGet(i(a, 0), i(a, 1)));
        define("args_sizes_get", "ii:i", a -> process.argsSizesGet(i(a, 0), i(a, 1)));
        define("environ_get", "ii:i", a -> process.environGet(i(a, 0), i(a, 1)));
        define("environ_sizes_get", "ii:i", a -> process.environSizesGet(i(a, 0), i(a, 1)));
        define("clock_res_get", "ii:i", a -> process.clockResGet(i(a, 0), i(a, 1)));
        define("clock_time_get", "iIi:i", a -> process.clockTimeGet(i(a, 0), i(a, 2)));
        define("random_get", "ii:i", a -> process.randomGet(i(a, 0), i(a, 1)));
        define("sched_yield", ":i", a -> process.schedYield());
        define("proc_raise", "i:i", a -> process.procRaise(i(a, 0)));
        define("poll_oneoff", "iiii:i", a -> process.pollOneoff(i(a, 0), i(a, 1), i(a, 2), i(a, 3)));
        functions.put("proc_exit", new Function("i:", args -> {
            throw new WasiExit((Integer) args[0]);
        }));
        define("sock_accept", "iii:i", a -> process.notASocket(i(a, 0)));
        define("sock_recv", "iiiiii:i", a -> process.notASocket(i(a, 0)));
        define("sock_send", "iiiii:i", a -> process.notASocket(i(a, 0)));
        define("sock_shutdown", "ii:i", a -> process.notASocket(i(a, 0)));

        define("fd_advise", "iIIi:i", a -> files.fdAdvise(i(a, 0), l(a, 1), l(a, 2), i(a, 3)));
        define("fd_allocate", "iII:i", a -> files.fdAllocate(i(a, 0), l(a, 1), l(a, 2)));
        define("fd_close", "i:i", a -> files.fdClose(i(a, 0)));
        define("fd_datasync", "i:i", a -> files.fdSync(i(a, 0)));
        define("fd_sync", "i:i", a -> files.fdSync(i(a, 0)));
        define("fd_fdstat_get", "ii:i", a -> files.fdFdstatGet(i(a, 0), i(a, 1)));
        define("fd_fdstat_set_flags", "ii:i", a -> files.fdFdstatSetFlags(i(a, 0), i(a, 1)));
        define("fd_fdstat_set_rights", "iII:i", a -> files.fdFdstatSetRights(i(a, 0), l(a, 1), l(a, 2)));
        define("fd_filestat_get", "ii:i", a -> files.fdFilestatGet(i(a, 0), i(a, 1)));
        define("fd_filestat_set_size", "iI:i", a -> files.fdFilestatSetSize(i(a, 0), l(a, 1)));
        define("fd_filestat_set_times", "iIIi:i", a -> files.fdFilestatSetTimes(i(a, 0), l(a, 1), l(a, 2), i(a, 3)));
        define("fd_pread", "iiiIi:i", a -> files.fdPread(i(a, 0), i(a, 1), i(a, 2), l(a, 3), i(a, 4)));
        define("fd_pwrite", "iiiIi:i", a -> files.fdPwrite(i(a, 0), i(a, 1), i(a, 2), l(a, 3), i(a, 4)));
        define("fd_prestat_get", "ii:i", a -> files.fdPrestatGet(i(a, 0), i(a, 1)));
        define("fd_prestat_dir_name", "iii:i", a -> files.fdPrestatDirName(i(a, 0), i(a, 1), i(a, 2)));
        define("fd_read", "iiii:i", a -> files.fdRead(i(a, 0), i(a, 1), i(a, 2), i(a, 3)));
        define("fd_write", "iiii:i", a -> files.fdWrite(i(a, 0), i(a, 1), i(a, 2), i(a, 3)));
        define("fd_readdir", "iiiIi:i", a -> files.fdReaddir(i(a, 0), i(a, 1), i(a, 2), l(a, 3), i(a, 4)));
        define("fd_renumber", "ii:i", a -> files.fdRenumber(i(a, 0), i(a, 1)));
        define("fd_seek", "iIii:i", a -> files.fdSeek(i(a, 0), l(a, 1), i(a, 2), i(a, 3)));
        define("fd_tell", "ii:i", a -> files.fdTell(i(a, 0), i(a, 1)));

        define("path_create_directory", "iii:i", a -> files.pathCreateDirectory(i(a, 0), path(a, 1, 2)));
        define("path_filestat_get", "iiiii:i",
                a -> files.pathFilestatGet(i(a, 0), i(a, 1), path(a, 2, 3), i(a, 4)));
        define("path_filestat_set_times", "iiiiIIi:i",
                a -> files.pathFilestatSetTimes(i(a, 0), i(a, 1), path(a, 2, 3), l(a, 4), l(a, 5), i(a, 6)));
        define("path_link", "iiiiiii:i",
                a -> files.pathLink(i(a, 0), i(a, 1), path(a, 2, 3), i(a, 4), path(a, 5, 6)));
        define("path_open", "iiiiiIIii:i", a -> files.pathOpen(i(a, 0), i(a, 1), path(a, 2, 3), i(a, 4), l(a, 5),
                l(a, 6), i(a, 7), i(a, 8)));
        define("path_readlink", "iiiiii:i",
                a -> files.pathReadlink(i(a, 0), path(a, 1, 2), i(a, 3), i(a, 4), i(a, 5)));
        define("path_remove_directory", "iii:i", a -> files.pathRemoveDirectory(i(a, 0), path(a, 1, 2)));
        define("path_rename", "iiiiii:i",
                a -> files.pathRename(i(a, 0), path(a, 1, 2), i(a, 3), path(a, 4, 5)));
        define("path_symlink", "iiiii:i", a -> files.pathSymlink(path(a, 0, 1), i(a, 2), path(a, 3, 4)));
        define("path_unlink_file", "iii:i", a -> files.pathUnlinkFile(i(a, 0), path(a, 1, 2)));
    }
}
