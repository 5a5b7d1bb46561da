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
 * names the suite's folder) and prints per-file counts of assert_return / assert_trap.
 */
class SpecExecutionTest {
    private static final List<String> FILES = List.of("i32.wast", "i64.wast", "f32.wast", "f64.wast",
            "conversions.wast", "br_table.wast", "block.wast", "loop.wast", "if.wast", "call.wast",
            "call_indirect.wast", "memory.wast", "memory_grow.wast", "memory_size.wast", "memory_trap.wast",
            "address.wast", "float_exprs.wast", "float_misc.wast", "int_exprs.wast", "br.wast", "br_if.wast",
            "return.wast", "select.wast", "local_get.wast", "local_set.wast", "local_tee.wast", "global.wast",
            "nop.wast", "unreachable.wast", "fac.wast", "forward.wast", "switch.wast", "stack.wast",
            "traps.wast", "left-to-right.wast", "labels.wast", "endianness.wast", "load.wast", "store.wast",
            "f32_cmp.wast", "f64_cmp.wast", "f32_bitwise.wast", "f64_bitwise.wast", "float_literals.wast",
            "float_memory.wast", "int_literals.wast", "func.wast", "unwind.wast", "data.wast", "elem.wast",
            "start.wast", "imports.wast", "exports.wast", "linking.wast", "binary.wast", "names.wast",
            "type.wast", "align.wast", "const.wast", "fac.wast");

    @Test
    void specScriptsExecute() {
        String suite = System.getProperty("gatun.testsuite", "");
        assumeTrue(!suite.isBlank(), "gatun.testsuite not given");
        Path core = Path.of(suite).resolve("core");
        if (!Files.isDirectory(core)) core = Path.of(suite);
        List<Path> paths = new ArrayList<>();
        for (String f : FILES.stream().distinct().toList()) {
            Path p = core.resolve(f);
            if (Files.exists(p)) paths.add(p);
        }
        SuiteRunner runner = new SuiteRunner(new ScriptRunner(FrontEnd.standard(), new CompiledExecution()),
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
    }
}
