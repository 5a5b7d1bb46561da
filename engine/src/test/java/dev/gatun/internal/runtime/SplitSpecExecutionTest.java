package dev.gatun.internal.runtime;

import org.junit.jupiter.api.Test;

/**
 * The execution spec scripts of {@link SpecExecutionTest} with every function (except those with exception
 * handlers) compiled as split segments at a tiny budget, so that nearly every block boundary crosses
 * segment methods: the strongest check of the splitter. Runs only when {@code -Dgatun.testsuite} is given.
 */
class SplitSpecExecutionTest {
    private static final String BUDGET = "gatun.split.budget";

    @Test
    void specScriptsExecuteWithEveryFunctionSplit() {
        String previous = System.getProperty(BUDGET);
        System.setProperty(BUDGET, "48");
        try {
            new SpecExecutionTest().specScriptsExecute();
        } finally {
            if (previous == null) System.clearProperty(BUDGET);
            else System.setProperty(BUDGET, previous);
        }
    }
}
