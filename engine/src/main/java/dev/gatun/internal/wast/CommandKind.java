package dev.gatun.internal.wast;

import dev.gatun.internal.text.WastCommand;

/** The names results are counted under: the script's own command names. */
public final class CommandKind {
    /** Whole-file failures: the script could not be read or parsed. */
    public static final String SCRIPT = "script";

    private CommandKind() {}

    public static String of(WastCommand command) {
        return switch (command) {
            case WastCommand.Module m -> "module";
            case WastCommand.Instance i -> "instance";
            case WastCommand.Register r -> "register";
            case WastCommand.ActionCommand a -> "action";
            case WastCommand.AssertReturn a -> "assert_return";
            case WastCommand.AssertTrap a -> "assert_trap";
            case WastCommand.AssertModuleTrap a -> "assert_trap";
            case WastCommand.AssertExhaustion a -> "assert_exhaustion";
            case WastCommand.AssertException a -> "assert_exception";
            case WastCommand.AssertInvalid a -> a.custom() ? "assert_invalid_custom" : "assert_invalid";
            case WastCommand.AssertMalformed a -> a.custom() ? "assert_malformed_custom" : "assert_malformed";
            case WastCommand.AssertUnlinkable a -> "assert_unlinkable";
        };
    }
}
