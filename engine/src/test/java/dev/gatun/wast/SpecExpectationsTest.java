package dev.gatun.wast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecExpectationsTest {

    @Test
    void readsEntriesWithReasonsSkippingCommentsAndBlankLines() {
        SpecExpectations expectations = SpecExpectations.parse(List.of(
            "# header",
            "",
            "core/i32.wast:12  # assert_invalid: validator too lenient",
            "core/legacy/try.wast:0 # script does not parse"));

        assertThat(expectations.reasonByKey()).containsExactly(
            java.util.Map.entry("core/i32.wast:12", "assert_invalid: validator too lenient"),
            java.util.Map.entry("core/legacy/try.wast:0", "script does not parse"));
    }

    @Test
    void rejectsEntriesWithoutReasonMalformedKeysAndDuplicates() {
        assertThatThrownBy(() -> SpecExpectations.parse(List.of("core/i32.wast:12")))
            .hasMessageContaining("line 1: entry without a # reason");
        assertThatThrownBy(() -> SpecExpectations.parse(List.of("core/i32.wast  # no line")))
            .hasMessageContaining("expected file.wast:LINE");
        assertThatThrownBy(() -> SpecExpectations.parse(List.of("a.wast:1 # x", "a.wast:1 # y")))
            .hasMessageContaining("line 2: duplicate entry a.wast:1");
    }

    @Test
    void theCheckedInListIsWellFormed() {
        assertThat(SpecExpectations.load("/spec-expectations.txt").reasonByKey()).isNotNull();
    }
}
