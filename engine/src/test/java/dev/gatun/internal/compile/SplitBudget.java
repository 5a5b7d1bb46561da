package dev.gatun.internal.compile;

import java.util.function.Supplier;

/** Runs test code with {@link SplitPolicy#BUDGET_PROPERTY} set, so small functions are split, then restores it. */
final class SplitBudget {
    private SplitBudget() {}

    static void with(String budget, Runnable check) {
        with(budget, () -> {
            check.run();
            return null;
        });
    }

    static <T> T with(String budget, Supplier<T> action) {
        String previous = System.getProperty(SplitPolicy.BUDGET_PROPERTY);
        System.setProperty(SplitPolicy.BUDGET_PROPERTY, budget);
        try {
            return action.get();
        } finally {
            if (previous == null) System.clearProperty(SplitPolicy.BUDGET_PROPERTY);
            else System.setProperty(SplitPolicy.BUDGET_PROPERTY, previous);
        }
    }
}
