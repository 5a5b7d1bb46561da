package dev.gatun.internal.text;

import java.util.List;

/**
 * One top-level command of a {@code .wast} script, as the script parser produces it. {@code line} is the
 * 1-based line of the command's opening parenthesis. Module texts are kept as source (parsed when the command
 * runs), so that a module that fails to parse is reported against its command, not the whole script.
 */
public sealed interface WastCommand {
    int line();

    /** Where a module comes from. */
    sealed interface ModuleSource {
        /** {@code (module $id? ...)}: the module's full text, parenthesis to parenthesis. */
        record Text(String source) implements ModuleSource {}

        /** {@code (module $id? binary "..." ...)}: the concatenated bytes. */
        record Binary(byte[] bytes) implements ModuleSource {}

        /** {@code (module $id? quote "..." ...)}: the concatenated text, to be parsed as a module. */
        record Quote(String text) implements ModuleSource {}
    }

    /** {@code (invoke $M? "name" arg*)} or {@code (get $M? "name")}. {@code module} is null for the latest. */
    sealed interface Action {
        String module();

        record Invoke(String module, String name, List<WastValue> args) implements Action {}

        record Get(String module, String name) implements Action {}
    }

    /** {@code (module $name? ...)}; with {@code definition}, defines without instantiating. */
    record Module(int line, String name, boolean definition, ModuleSource source) implements WastCommand {}

    /** {@code (module instance $I? $M?)}. */
    record Instance(int line, String instanceName, String moduleName) implements WastCommand {}

    /** {@code (register "as" $M?)}. */
    record Register(int line, String as, String moduleName) implements WastCommand {}

    /** A bare action at top level. */
    record ActionCommand(int line, Action action) implements WastCommand {}

    /** {@code (assert_return action result*)}. */
    record AssertReturn(int line, Action action, List<WastValue> expected) implements WastCommand {}

    /** {@code (assert_trap action "msg")}. */
    record AssertTrap(int line, Action action, String message) implements WastCommand {}

    /** {@code (assert_trap (module ...) "msg")}: instantiation traps. */
    record AssertModuleTrap(int line, ModuleSource module, String message) implements WastCommand {}

    /** {@code (assert_exhaustion action "msg")}. */
    record AssertExhaustion(int line, Action action, String message) implements WastCommand {}

    /** {@code (assert_exception action)}. */
    record AssertException(int line, Action action) implements WastCommand {}

    /** {@code (assert_invalid module "msg")}; {@code custom} for assert_invalid_custom. */
    record AssertInvalid(int line, ModuleSource module, String message, boolean custom) implements WastCommand {}

    /** {@code (assert_malformed module "msg")}; {@code custom} for assert_malformed_custom. */
    record AssertMalformed(int line, ModuleSource module, String message, boolean custom) implements WastCommand {}

    /** {@code (assert_unlinkable module "msg")}. */
    record AssertUnlinkable(int line, ModuleSource module, String message) implements WastCommand {}
}
