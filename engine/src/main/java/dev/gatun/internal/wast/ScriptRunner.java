package dev.gatun.internal.wast;

import dev.gatun.InvalidModuleException;
import dev.gatun.MalformedModuleException;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.text.WastCommand;
import dev.gatun.internal.text.WastCommand.ModuleSource;
import java.util.List;

/**
 * Runs the commands of one script. What the front end can check is checked here, strictly: a
 * {@code module} must decode (or parse) and validate; {@code assert_malformed} passes only on a
 * {@link MalformedModuleException} from decoding or parsing; {@code assert_invalid} only on an
 * {@link InvalidModuleException} from validation of a module that decoded. Everything else goes to the
 * {@link Execution.Session}. Any other exception or error from a stage (including assertion errors and stack
 * overflows) fails the command, never the run: this is a test harness, and one broken stage must not hide the
 * results of the others.
 */
public final class ScriptRunner {
    private final FrontEnd frontEnd;
    private final Execution execution;

    public ScriptRunner(FrontEnd frontEnd, Execution execution) {
        this.frontEnd = frontEnd;
        this.execution = execution;
    }

    /** Parses and runs {@code script}, recording into {@code tally}; stops early once the tally is abandoned. */
    void run(String script, FileTally tally) {
        List<WastCommand> commands;
        try {
            commands = frontEnd.parseScript(script);
        } catch (MalformedModuleException e) {
            tally.fileFailed("does not parse as a script: " + e.getMessage());
            return;
        } catch (Throwable e) {
            tally.fileFailed("script parser failed: " + describe(e));
            return;
        }
        Execution.Session session;
        try {
            session = execution.newSession();
        } catch (Throwable e) {
            tally.fileFailed("execution could not start a session: " + describe(e));
            return;
        }
        for (WastCommand command : commands) {
            if (tally.isAbandoned() || Thread.currentThread().isInterrupted()) return;
            tally.startCommand(command.line());
            Outcome outcome;
            try {
                outcome = run(command, session);
                if (outcome == null) outcome = Outcome.failed("execution returned no outcome");
            } catch (Throwable e) {
                outcome = Outcome.failed("unexpected " + describe(e));
            }
            tally.record(CommandKind.of(command), command.line(), outcome);
        }
    }

    private Outcome run(WastCommand command, Execution.Session session) {
        return switch (command) {
            case WastCommand.Module module -> module(module, session);
            case WastCommand.AssertMalformed malformed -> assertMalformed(malformed);
            case WastCommand.AssertInvalid invalid -> assertInvalid(invalid);
            case WastCommand.AssertModuleTrap trap -> validThen(trap.module(), command, session);
            case WastCommand.AssertUnlinkable unlinkable -> validThen(unlinkable.module(), command, session);
            default -> session.command(command, null);
        };
    }

    private Outcome module(WastCommand.Module command, Execution.Session session) {
        Stage<ModuleModel> loaded = load(command.source());
        String failure = loaded.failure() != null ? loaded.failure() : validate(loaded.value());
        if (failure != null) {
            session.moduleRejected(command);
            return Outcome.failed(failure);
        }
        return session.module(command, loaded.value());
    }

    /** assert_trap/assert_unlinkable around a module: the module itself must be valid before execution decides. */
    private Outcome validThen(ModuleSource source, WastCommand command, Execution.Session session) {
        Stage<ModuleModel> loaded = load(source);
        if (loaded.failure() != null) return Outcome.failed(loaded.failure());
        String invalid = validate(loaded.value());
        if (invalid != null) return Outcome.failed(invalid);
        return session.command(command, loaded.value());
    }

    private Outcome assertMalformed(WastCommand.AssertMalformed command) {
        String expected = "expected malformed (\"" + command.message() + "\")";
        ModuleModel module;
        try {
            module = loadOrThrow(command.module());
        } catch (MalformedModuleException e) {
            return Outcome.PASSED;
        } catch (Throwable e) {
            return Outcome.failed(expected + ", but the " + stageName(command.module()) + " failed with " + describe(e));
        }
        String invalid = validate(module);
        return Outcome.failed(expected + ", but it " + pastTense(command.module())
            + (invalid == null ? " and validated" : "; then " + invalid));
    }

    private Outcome assertInvalid(WastCommand.AssertInvalid command) {
        String expected = "expected invalid (\"" + command.message() + "\")";
        ModuleModel module;
        try {
            module = loadOrThrow(command.module());
        } catch (MalformedModuleException e) {
            return Outcome.failed(expected + ", but it is malformed: " + e.getMessage());
        } catch (Throwable e) {
            return Outcome.failed(expected + ", but the " + stageName(command.module()) + " failed with " + describe(e));
        }
        try {
            frontEnd.validate(module);
            return Outcome.failed(expected + ", but it validated");
        } catch (InvalidModuleException e) {
            return Outcome.PASSED;
        } catch (Throwable e) {
            return Outcome.failed(expected + ", but the validator failed with " + describe(e));
        }
    }

    /** A stage's value, or why it failed. */
    private record Stage<T>(T value, String failure) {}

    private Stage<ModuleModel> load(ModuleSource source) {
        try {
            return new Stage<>(loadOrThrow(source), null);
        } catch (MalformedModuleException e) {
            return new Stage<>(null, "malformed: " + e.getMessage());
        } catch (Throwable e) {
            return new Stage<>(null, stageName(source) + " failed with " + describe(e));
        }
    }

    private ModuleModel loadOrThrow(ModuleSource source) {
        ModuleModel module = switch (source) {
            case ModuleSource.Binary binary -> frontEnd.decode(binary.bytes());
            case ModuleSource.Text text -> frontEnd.parseText(text.source());
            case ModuleSource.Quote quote -> frontEnd.parseText(quote.text());
        };
        if (module == null) throw new IllegalStateException(stageName(source) + " returned no module");
        return module;
    }

    /** Null when valid, else why not. */
    private String validate(ModuleModel module) {
        try {
            frontEnd.validate(module);
            return null;
        } catch (InvalidModuleException e) {
            return "invalid: " + e.getMessage();
        } catch (Throwable e) {
            return "validator failed with " + describe(e);
        }
    }

    private static String stageName(ModuleSource source) {
        return source instanceof ModuleSource.Binary ? "decoder" : "text parser";
    }

    private static String pastTense(ModuleSource source) {
        return source instanceof ModuleSource.Binary ? "decoded" : "parsed";
    }

    /** An unexpected exception as "Type: message" (plus where it came from, for ones without a message). */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) text.append(": ").append(e.getMessage());
        StackTraceElement[] trace = e.getStackTrace();
        if (e.getMessage() == null || e instanceof NullPointerException || e instanceof IndexOutOfBoundsException) {
            if (trace.length > 0) text.append(" at ").append(trace[0]);
        }
        return text.toString();
    }
}
