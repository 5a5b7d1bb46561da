package dev.gatun.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

class ChartLintTest {
    @Test
    void chartPassesStrictLint() {
        var result = new Helm(Charts.chartDirectory()).lint().strict().call();
        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }
}
