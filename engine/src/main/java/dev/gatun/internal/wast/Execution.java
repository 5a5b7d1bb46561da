package dev.gatun.internal.wast;

import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.text.WastCommand;

/**
 * The seam where execution plugs into the script runner. The runner does everything the front end can
 * check (decoding, parsing, validation, malformed-vs-invalid expectations) and hands the rest to a
 * {@link Session}: one per script, since a script's modules, registrations and instances live until its end.
 *
 * <p>To run scripts with an execution engine, build the runner from the parts:
 * {@code new SuiteRunner(new ScriptRunner(FrontEnd.standard(), myExecution), timeout)}; once execution is the
 * default, {@link dev.gatun.wast.WastRunner#create()} should use it.
 */
public interface Execution {

    Session newSession();

    interface Session {
        /**
         * A {@code module} command whose module decoded (or parsed) and validated: instantiate it, or for a
         * {@code module definition} just remember it.
         */
        Outcome module(WastCommand.Module command, ModuleModel module);

        /**
         * A {@code module} command whose module did not decode or validate (already counted as failed): later
         * commands that use "the current module" should not silently run against the one before it.
         */
        default void moduleRejected(WastCommand.Module command) {}

        /**
         * Any other command that needs execution or linking: actions, {@code assert_return}, {@code assert_trap},
         * {@code assert_exhaustion}, {@code assert_exception}, {@code register}, {@code module instance}, and
         * {@code assert_trap}/{@code assert_unlinkable} around a module, for which {@code module} is the
         * decoded and validated module (null for the others).
         */
        Outcome command(WastCommand command, ModuleModel module);
    }

    /** No execution engine: modules that validate pass; everything needing execution is skipped. */
    static Execution none() {
        return NoExecution.INSTANCE;
    }
}
