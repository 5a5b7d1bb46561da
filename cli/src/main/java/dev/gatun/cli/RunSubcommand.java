package dev.gatun.cli;

import dev.gatun.MalformedModuleException;
import dev.gatun.InvalidModuleException;
import dev.gatun.WasmException;
import dev.gatun.WasmTrap;
import dev.gatun.wasi.WasiConfig;
import dev.gatun.wasi.WasiProgram;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatun run}: runs a WASI command (or one export) with the host's stdio. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a WebAssembly program with WASI preview1 (a .wasm binary or a .wat text module).",
        "Exit code: the guest's (proc_exit or 0), " + RunSubcommand.TRAPPED + " on a trap, "
            + RunSubcommand.BAD_ARGUMENTS + " on bad arguments or a module that cannot load."
    })
final class RunSubcommand implements Callable<Integer> {
    static final int TRAPPED = 134;
    static final int BAD_ARGUMENTS = 2;
    /** Guest code runs on its own thread with a large stack, so deep Wasm recursion reaches the depth limit. */
    private static final long GUEST_STACK_BYTES = 512L << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "HOST[::GUEST]",
        description = "Preopens the host directory HOST, seen by the guest as GUEST (default: HOST as given).")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "An environment variable for the guest.")
    List<String> env = new ArrayList<>();

    @Option(names = "--invoke", paramLabel = "NAME", description = "Calls this export (no parameters) instead of _start.")
    String invoke;

    @Option(names = "--fuel", paramLabel = "N", description = "Instruction budget (not supported yet, issue 4).")
    Long fuel;

    @Option(names = "--timeout", paramLabel = "DURATION",
        description = "Interrupts the guest after this long, e.g. 10s, 500ms, 2m, or ISO-8601 PT10S.")
    String timeout;

    @Parameters(index = "0", paramLabel = "FILE", description = "The module (.wasm or .wat).")
    Path file;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the guest (after argv[0]).")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (fuel != null) {
            err.println("gatun run: --fuel: not supported yet (issue 4)");
            return BAD_ARGUMENTS;
        }
        WasiConfig.Builder config = WasiConfig.builder().inheritStdio();
        config.args(file.getFileName().toString()).args(args);
        try {
            for (String variable : env) {
                int eq = variable.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("--env wants NAME=VALUE, got " + variable);
                config.env(variable.substring(0, eq), variable.substring(eq + 1));
            }
            for (String dir : dirs) {
                int sep = dir.indexOf("::");
                String host = sep < 0 ? dir : dir.substring(0, sep);
                String guest = sep < 0 ? dir : dir.substring(sep + 2);
                if (!Files.isDirectory(Path.of(host))) throw new IllegalArgumentException("--dir " + host + ": not a directory");
                config.preopen(Path.of(host), guest);
            }
            Duration limit = timeout == null ? null : parseDuration(timeout);
            WasiProgram program = WasiProgram.load(file);
            WasiConfig built = config.build();
            return onLargeStack(() -> program.invoke(built, invoke == null ? "_start" : invoke, limit));
        } catch (IllegalArgumentException e) {
            err.println("gatun run: " + e.getMessage());
            return BAD_ARGUMENTS;
        } catch (IOException e) {
            err.println("gatun run: cannot read " + file + ": " + e.getMessage());
            return BAD_ARGUMENTS;
        } catch (MalformedModuleException | InvalidModuleException e) {
            err.println("gatun run: " + file + ": " + e.getMessage());
            return BAD_ARGUMENTS;
        } catch (WasmTrap e) {
            System.out.flush();
            err.println("gatun run: trap: " + e.getMessage());
            return TRAPPED;
        } catch (WasmException e) {
            err.println("gatun run: " + e.getMessage());
            return BAD_ARGUMENTS;
        } finally {
            System.out.flush();
            err.flush();
        }
    }

    /** Accepts 10s, 500ms, 2m, 1h or ISO-8601 (PT10S). */
    static Duration parseDuration(String text) {
        try {
            if (text.endsWith("ms")) return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            if (text.endsWith("s")) return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            if (text.endsWith("m")) return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            if (text.endsWith("h")) return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            return Duration.parse(text);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("--timeout: cannot read \"" + text + "\" (e.g. 10s, 500ms, PT2M)");
        }
    }

    /** Runs {@code task} on a fresh thread with a big stack and rethrows what it threw. */
    static int onLargeStack(Callable<Integer> task) {
        int[] result = new int[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                result[0] = task.call();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "gatun-guest", GUEST_STACK_BYTES);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WasmException("interrupted while waiting for the guest");
        }
        if (failure[0] instanceof RuntimeException e) throw e;
        if (failure[0] instanceof Error e) throw e;
        if (failure[0] != null) throw new WasmException("guest failed: " + failure[0], failure[0]);
        return result[0];
    }
}
