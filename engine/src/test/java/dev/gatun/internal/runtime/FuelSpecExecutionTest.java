package dev.gatun.internal.runtime;

import org.junit.jupiter.api.Test;

/**
 * The execution spec scripts of {@link SpecExecutionTest} with every module compiled for fuel (the fuel kept
 * in a local, stored back around calls, throws, catches and unwinding: see the compiler's
 * LimitCheckEmitter), once as one method per function and once split into tiny segments. Results and traps
 * must not change. Runs only when {@code -Dgatun.testsuite} is given.
 */
class FuelSpecExecutionTest {
    private static final String BUDGET = "gatun.split.budget";

    @Test
    void specScriptsExecuteWithFuel() {
        new SpecExecutionTest().specScriptsExecute(SpecExecutionTest.FILES, new CompiledExecution(true));
    }

    @Test
    void specScriptsExecuteWithFuelAndEveryFunctionSplit() {
        String previous = System.getProperty(BUDGET);
        System.setProperty(BUDGET, "48");
        try {
            new SpecExecutionTest().specScriptsExecute(SpecExecutionTest.FILES, new CompiledExecution(true));
        } finally {
            if (previous == null) System.clearProperty(BUDGET);
            else System.setProperty(BUDGET, previous);
        }
    }
}
