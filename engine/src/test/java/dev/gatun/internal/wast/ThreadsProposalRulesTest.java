package dev.gatun.internal.wast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.InvalidModuleException;
import dev.gatun.MalformedModuleException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ThreadsProposalRulesTest {
    private final FrontEnd rules = new ThreadsProposalRules(FrontEnd.standard());

    @Test
    void appliesOnlyToScriptsInAProposalsThreadsFolder() {
        assertThat(ThreadsProposalRules.appliesTo(Path.of("/suite/proposals/threads/atomic.wast"))).isTrue();
        assertThat(ThreadsProposalRules.appliesTo(Path.of("suite/proposals/threads/../threads/memory.wast"))).isTrue();
        assertThat(ThreadsProposalRules.appliesTo(Path.of("/suite/core/memory.wast"))).isFalse();
        assertThat(ThreadsProposalRules.appliesTo(Path.of("/suite/threads/memory.wast"))).isFalse();
        assertThat(ThreadsProposalRules.appliesTo(Path.of("/suite/proposals/threads/sub/x.wast"))).isFalse();
    }

    @Test
    void rejectsWhatThePreMultiMemorySpecRejected() {
        assertThatThrownBy(() -> rules.validate(rules.parseText("(module (memory 1) (memory 1))")))
                .isInstanceOf(InvalidModuleException.class).hasMessageStartingWith("multiple memories");
        assertThatThrownBy(() -> rules.validate(rules.parseText(
                "(module (import \"a\" \"b\" (table 1 funcref)) (table 1 funcref))")))
                .isInstanceOf(InvalidModuleException.class).hasMessageStartingWith("multiple tables");
        assertThatThrownBy(() -> rules.parseText("(module (memory 0 0x1_0000_0000))"))
                .isInstanceOf(MalformedModuleException.class).hasMessageStartingWith("i32 constant out of range");
    }

    @Test
    void leavesEverythingElseToTheStandardFrontEnd() {
        assertThatCode(() -> rules.validate(rules.parseText(
                "(module (memory 1 1 shared) (table 1 funcref) (func (drop (i32.atomic.load (i32.const 0)))))")))
                .doesNotThrowAnyException();
        assertThatCode(() -> FrontEnd.standard().validate(FrontEnd.standard().parseText("(module (memory 1) (memory 1))")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> rules.validate(rules.parseText("(module (memory 1 shared))")))
                .isInstanceOf(InvalidModuleException.class).hasMessageContaining("shared memory must have maximum");
    }
}
