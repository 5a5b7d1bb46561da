package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatun.internal.wast.FrontEnd;
import dev.gatun.internal.wast.ScriptRunner;
import dev.gatun.internal.wast.SuiteRunner;
import dev.gatun.wast.Counts;
import dev.gatun.wast.FileReport;
import dev.gatun.wast.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs execution-relevant spec scripts with the compiler plugged in (only when {@code -Dgatun.testsuite}
 * names the suite's folder), prints per-file counts of assert_return / assert_trap, and requires that none
 * fails: the listed scripts stay within what the engine implements.
 */
class SpecExecutionTest {
    static final List<String> FILES = List.of("i32.wast", "i64.wast", "f32.wast", "f64.wast",
            "conversions.wast", "br_table.wast", "block.wast", "loop.wast", "if.wast", "call.wast",
            "call_indirect.wast", "memory.wast", "memory_grow.wast", "memory_size.wast", "memory_trap.wast",
            "address.wast", "float_exprs.wast", "float_misc.wast", "int_exprs.wast", "br.wast", "br_if.wast",
            "return.wast", "select.wast", "local_get.wast", "local_set.wast", "local_tee.wast", "global.wast",
            "nop.wast", "unreachable.wast", "fac.wast", "forward.wast", "switch.wast", "stack.wast",
            "traps.wast", "left-to-right.wast", "labels.wast", "endianness.wast", "load.wast", "store.wast",
            "f32_cmp.wast", "f64_cmp.wast", "f32_bitwise.wast", "f64_bitwise.wast", "float_literals.wast",
            "float_memory.wast", "int_literals.wast", "func.wast", "unwind.wast", "data.wast", "elem.wast",
            "start.wast", "imports.wast", "exports.wast", "linking.wast", "binary.wast", "names.wast",
            "type.wast", "align.wast", "const.wast", "memory_copy.wast", "memory_fill.wast", "memory_init.wast",
            "memory_redundancy.wast", "memory-multi.wast", "bulk.wast", "table.wast", "table_get.wast",
            "table_set.wast", "table_size.wast", "table_grow.wast", "table_fill.wast", "table_copy.wast",
            "table_init.wast", "ref_null.wast", "ref_is_null.wast", "ref_func.wast", "select.wast",
            "memory64.wast", "address64.wast", "memory_grow64.wast", "table64.wast", "try_table.wast",
            "throw.wast", "throw_ref.wast", "tag.wast", "return_call.wast", "return_call_indirect.wast",
            "call_ref.wast", "return_call_ref.wast", "ref_as_non_null.wast", "br_on_null.wast",
            "br_on_non_null.wast", "i31.wast", "ref_eq.wast", "ref_test.wast", "ref_cast.wast", "br_on_cast.wast",
            "br_on_cast_fail.wast", "extern.wast", "struct.wast", "array.wast", "array_copy.wast",
            "array_fill.wast", "array_init_data.wast", "array_init_elem.wast", "array_new_data.wast",
            "array_new_elem.wast", "type-rec.wast", "type-equivalence.wast", "type-subtyping.wast",
            "legacy/try_catch.wast", "legacy/try_delegate.wast", "legacy/rethrow.wast", "legacy/throw.wast");

    @Test
    void specScriptsExecute() {
        specScriptsExecute(FILES);
    }

    /** Runs {@code files} (names under the suite's core folder; missing ones are left out). */
    void specScriptsExecute(List<String> files) {
        specScriptsExecute(files, new CompiledExecution());
    }

    /** As {@link #specScriptsExecute(List)}, through {@code execution}. */
    void specScriptsExecute(List<String> files, CompiledExecution execution) {
        String suite = System.getProperty("gatun.testsuite", "");
        assumeTrue(!suite.isBlank(), "gatun.testsuite not given");
        Path core = Path.of(suite).resolve("core");
        if (!Files.isDirectory(core)) core = Path.of(suite);
        List<Path> paths = new ArrayList<>();
        for (String f : files.stream().distinct().toList()) {
            Path p = core.resolve(f);
            if (Files.exists(p)) paths.add(p);
        }
        SuiteRunner runner = new SuiteRunner(new ScriptRunner(FrontEnd.standard(), execution),
                Duration.ofMinutes(2));
        RunReport report = runner.run(paths, file -> { });
        int returnsPassed = 0;
        for (FileReport file : report.files()) {
            Counts returns = file.counts("assert_return");
            Counts traps = file.counts("assert_trap");
            returnsPassed += returns.passed();
            System.out.printf("%-22s assert_return %s  assert_trap %s  all %s%n", file.file(), returns, traps, file.counts());
            file.failures().stream().limit(Integer.getInteger("gatun.showFailures", 3))
                    .forEach(f -> System.out.println("    " + f));
        }
        System.out.println("TOTAL " + report.total() + " by kind " + report.byKind());
        assertThat(returnsPassed).isPositive();
        // these scripts only use what the engine implements: every command must pass (or be skipped)
        assertThat(report.total().failed()).as("failed commands").isZero();
    }
}
