package dev.gatun.internal.validate;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.InvalidModuleException;

/** Shared assertions: a module validates, or fails validation with a message starting with the spec's words. */
final class ValidationAssertions {
    private ValidationAssertions() {}

    static void assertValid(TestModule module) {
        assertThatCode(module::validate).doesNotThrowAnyException();
    }

    static InvalidModuleException assertInvalid(TestModule module, String messageStart) {
        var decoded = module.decode();
        return (InvalidModuleException) assertThatThrownBy(() -> Validator.validate(decoded))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageStartingWith(messageStart)
                .actual();
    }
}
