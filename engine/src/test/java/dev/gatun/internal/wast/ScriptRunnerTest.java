package dev.gatun.internal.wast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.text.WastCommand;
import dev.gatun.internal.text.WastCommand.ModuleSource;
import dev.gatun.internal.text.WastValue;
import dev.gatun.wast.Counts;
import dev.gatun.wast.Failure;
import dev.gatun.wast.FileReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptRunnerTest {

    private static ModuleSource text(String what) {
        return new ModuleSource.Text(what);
    }

    private static ModuleSource binary(String what) {
        return new ModuleSource.Binary(what.getBytes(StandardCharsets.UTF_8));
    }

    private static WastCommand.Module module(int line, ModuleSource source) {
        return new WastCommand.Module(line, null, false, source);
    }

    private static final WastCommand.Action INVOKE = new WastCommand.Action.Invoke(null, "f", List.of());

    private static FileReport run(List<WastCommand> commands) {
        return run(commands, Execution.none());
    }

    private static FileReport run(List<WastCommand> commands, Execution execution) {
        SuiteRunner suite = new SuiteRunner(new ScriptRunner(new StubFrontEnd(commands), execution), Duration.ofSeconds(20));
        return suite.runText("t.wast", "(script)");
    }

    @Test
    void aModulePassesOnlyWhenItDecodesAndValidates() {
        FileReport report = run(List.of(
            module(1, text("ok")),
            module(2, binary("ok")),
            module(3, binary("malformed")),
            module(4, text("invalid")),
            new WastCommand.Module(5, "$M", true, text("ok"))));

        assertThat(report.counts("module")).isEqualTo(new Counts(3, 2, 0));
        assertThat(report.failures()).extracting(Failure::toString).containsExactly(
            "line 3: module: malformed: unexpected end (at byte offset 0x8)",
            "line 4: module: invalid: type mismatch (in function 0, at byte offset 0x1f)");
    }

    @Test
    void assertMalformedPassesOnlyOnAMalformedModule() {
        FileReport report = run(List.of(
            new WastCommand.AssertMalformed(10, binary("malformed"), "unexpected end", false),
            new WastCommand.AssertMalformed(11, new ModuleSource.Quote("malformed"), "unknown operator", false),
            new WastCommand.AssertMalformed(12, binary("ok"), "unexpected end", false),
            new WastCommand.AssertMalformed(13, new ModuleSource.Quote("invalid"), "unknown operator", false)));

        assertThat(report.counts("assert_malformed")).isEqualTo(new Counts(2, 2, 0));
        assertThat(report.failures()).extracting(Failure::toString).containsExactly(
            "line 12: assert_malformed: expected malformed (\"unexpected end\"), but it decoded and validated",
            "line 13: assert_malformed: expected malformed (\"unknown operator\"), but it parsed; then invalid: "
                + "type mismatch (in function 0, at byte offset 0x1f)");
    }

    @Test
    void assertInvalidPassesOnlyWhenDecodingSucceedsAndValidationFails() {
        FileReport report = run(List.of(
            new WastCommand.AssertInvalid(20, text("invalid"), "type mismatch", false),
            new WastCommand.AssertInvalid(21, binary("malformed"), "type mismatch", false),
            new WastCommand.AssertInvalid(22, binary("ok"), "type mismatch", false)));

        assertThat(report.counts("assert_invalid")).isEqualTo(new Counts(1, 2, 0));
        assertThat(report.failures()).extracting(Failure::toString).containsExactly(
            "line 21: assert_invalid: expected invalid (\"type mismatch\"), but it is malformed: "
                + "unexpected end (at byte offset 0x8)",
            "line 22: assert_invalid: expected invalid (\"type mismatch\"), but it validated");
    }

    @Test
    void customVariantsAreCountedUnderTheirOwnNames() {
        FileReport report = run(List.of(
            new WastCommand.AssertMalformed(1, binary("malformed"), "malformed custom section", true),
            new WastCommand.AssertInvalid(2, binary("invalid"), "bad annotation", true),
            new WastCommand.AssertInvalid(3, binary("malformed"), "bad annotation", true)));

        assertThat(report.counts("assert_malformed_custom")).isEqualTo(new Counts(1, 0, 0));
        assertThat(report.counts("assert_invalid_custom")).isEqualTo(new Counts(1, 1, 0));
        assertThat(report.byKind()).doesNotContainKeys("assert_malformed", "assert_invalid");
    }

    @Test
    void commandsNeedingExecutionAreSkippedWithTheReasonNeverPassed() {
        FileReport report = run(List.of(
            module(1, text("ok")),
            new WastCommand.AssertReturn(2, INVOKE, List.of(new WastValue.Num(dev.gatun.internal.model.ValType.I32, 1))),
            new WastCommand.AssertTrap(3, INVOKE, "unreachable"),
            new WastCommand.AssertExhaustion(4, INVOKE, "call stack exhausted"),
            new WastCommand.AssertException(5, INVOKE),
            new WastCommand.ActionCommand(6, INVOKE),
            new WastCommand.Register(7, "M", null),
            new WastCommand.Instance(8, "$I", "$M"),
            new WastCommand.AssertModuleTrap(9, text("ok"), "out of bounds"),
            new WastCommand.AssertUnlinkable(10, text("ok"), "unknown import")));

        assertThat(report.counts()).isEqualTo(new Counts(1, 0, 9));
        assertThat(report.skipReasons()).containsExactlyEntriesOf(java.util.Map.of("needs execution (issue 3)", 9));
        assertThat(report.byKind()).containsOnlyKeys("module", "assert_return", "assert_trap", "assert_exhaustion",
            "assert_exception", "action", "register", "instance", "assert_unlinkable");
        assertThat(report.counts("assert_trap")).isEqualTo(new Counts(0, 0, 2));
    }

    @Test
    void aModuleUnderAssertTrapOrUnlinkableMustStillBeValid() {
        FileReport report = run(List.of(
            new WastCommand.AssertModuleTrap(1, binary("invalid"), "out of bounds"),
            new WastCommand.AssertUnlinkable(2, binary("malformed"), "unknown import")));

        assertThat(report.counts()).isEqualTo(new Counts(0, 2, 0));
        assertThat(report.failures()).extracting(Failure::toString).containsExactly(
            "line 1: assert_trap: invalid: type mismatch (in function 0, at byte offset 0x1f)",
            "line 2: assert_unlinkable: malformed: unexpected end (at byte offset 0x8)");
    }

    @Test
    void unexpectedExceptionsFailTheCommandAndTheScriptGoesOn() {
        FileReport report = run(List.of(
            module(1, binary("crash")),
            new WastCommand.AssertInvalid(2, binary("crash-validate"), "type mismatch", false),
            new WastCommand.AssertMalformed(3, new ModuleSource.Quote("crash"), "unknown operator", false),
            module(4, text("assert-validate")),
            module(5, text("ok"))));

        assertThat(report.counts()).isEqualTo(new Counts(1, 4, 0));
        List<String> failures = report.failures().stream().map(Failure::toString).toList();
        assertThat(failures.get(0)).isEqualTo(
            "line 1: module: decoder failed with IllegalStateException: not supported: crash");
        assertThat(failures.get(1)).startsWith(
            "line 2: assert_invalid: expected invalid (\"type mismatch\"), but the validator failed with "
                + "NullPointerException at ");
        assertThat(failures.get(2)).isEqualTo("line 3: assert_malformed: expected malformed (\"unknown operator\"), "
            + "but the text parser failed with IllegalStateException: not supported: crash");
        assertThat(failures.get(3)).isEqualTo("line 4: module: validator failed with AssertionError: stack height 3 != 2");
    }

    @Test
    void aScriptThatDoesNotParseIsOneFailure() {
        SuiteRunner suite = new SuiteRunner(new ScriptRunner(new StubFrontEnd(List.of()), Execution.none()),
            Duration.ofSeconds(20));
        FileReport report = suite.runText("bad.wast", "not a script");

        assertThat(report.counts()).isEqualTo(new Counts(0, 1, 0));
        assertThat(report.counts("script")).isEqualTo(new Counts(0, 1, 0));
        assertThat(report.failures()).extracting(Failure::toString)
            .containsExactly("script: does not parse as a script: 1:1: expected '('");
    }

    @Test
    void aHangingScriptTimesOutKeepingWhatRanBefore() {
        SuiteRunner suite = new SuiteRunner(new ScriptRunner(new StubFrontEnd(List.of(
            module(1, text("ok")),
            module(2, text("hang")),
            module(3, text("ok")))), Execution.none()), Duration.ofMillis(300));
        FileReport report = suite.runText("slow.wast", "(script)");

        assertThat(report.counts("module")).isEqualTo(new Counts(1, 0, 0));
        assertThat(report.counts("script")).isEqualTo(new Counts(0, 1, 0));
        assertThat(report.failures()).extracting(Failure::toString)
            .containsExactly("line 2: timed out after 300 ms (the script stopped here)");
    }

    @Test
    void executionGetsValidatedModulesAndTheCommandsItMustRun() {
        List<String> calls = new ArrayList<>();
        Execution recording = () -> new Execution.Session() {
            @Override
            public Outcome module(WastCommand.Module command, ModuleModel module) {
                calls.add("module " + module.names().moduleName() + " definition=" + command.definition());
                return Outcome.PASSED;
            }

            @Override
            public Outcome command(WastCommand command, ModuleModel module) {
                calls.add(CommandKind.of(command) + (module == null ? "" : " with " + module.names().moduleName()));
                return command instanceof WastCommand.AssertReturn ? Outcome.failed("returned 2, expected 1")
                    : Outcome.PASSED;
            }

            @Override
            public void moduleRejected(WastCommand.Module command) {
                calls.add("rejected line " + command.line());
            }
        };
        FileReport report = run(List.of(
            module(1, text("first")),
            new WastCommand.Module(2, "$M", true, text("second")),
            new WastCommand.AssertReturn(3, INVOKE, List.of()),
            new WastCommand.AssertModuleTrap(4, text("third"), "out of bounds"),
            new WastCommand.AssertMalformed(5, binary("malformed"), "unexpected end", false),
            module(6, text("invalid"))), recording);

        assertThat(calls).containsExactly("module first definition=false", "module second definition=true",
            "assert_return", "assert_trap with third", "rejected line 6");
        assertThat(report.counts()).isEqualTo(new Counts(4, 2, 0));
        assertThat(report.failures()).extracting(Failure::toString)
            .containsExactly("line 3: assert_return: returned 2, expected 1",
                "line 6: module: invalid: type mismatch (in function 0, at byte offset 0x1f)");
    }

    @Test
    void aBrokenExecutionFailsCommandsOrTheFileButNeverLosesResults() {
        Execution nullOutcomes = () -> new Execution.Session() {
            @Override
            public Outcome module(WastCommand.Module command, ModuleModel module) {
                return null;
            }

            @Override
            public Outcome command(WastCommand command, ModuleModel module) {
                throw new UnsupportedOperationException("not supported: v128 results");
            }
        };
        FileReport report = run(List.of(module(1, text("ok")), new WastCommand.AssertReturn(2, INVOKE, List.of())),
            nullOutcomes);

        assertThat(report.failures()).extracting(Failure::toString).containsExactly(
            "line 1: module: execution returned no outcome",
            "line 2: assert_return: unexpected UnsupportedOperationException: not supported: v128 results");

        Execution noSession = () -> {
            throw new IllegalStateException("no spectest host");
        };
        assertThat(run(List.of(module(1, text("ok"))), noSession).failures()).extracting(Failure::toString)
            .containsExactly("script: execution could not start a session: IllegalStateException: no spectest host");
    }
}
