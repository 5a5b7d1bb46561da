package dev.gatun.internal.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatun.MalformedModuleException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Each class of malformed input is rejected with the spec's wording, the offset and what was involved. */
class ModuleDecoderErrorsTest {

    private static final int END = 0x0B;

    private static AbstractThrowableAssert<?, ? extends Throwable> assertMalformed(WasmBytes module) {
        return assertThatThrownBy(() -> ModuleDecoder.decode(module.build()))
                .isInstanceOf(MalformedModuleException.class);
    }

    private static WasmBytes oneFunction(WasmBytes body) {
        return WasmBytes.module().section(1, WasmBytes.of(0x01, 0x60, 0x00, 0x00))
                .section(3, WasmBytes.of(0x01, 0x00))
                .section(10, WasmBytes.of(0x01).body(body));
    }

    @Test
    void preambleErrors() {
        assertMalformed(WasmBytes.of()).hasMessageStartingWith("unexpected end");
        assertMalformed(WasmBytes.of(0x00, 0x61, 0x73)).hasMessageStartingWith("unexpected end");
        assertMalformed(WasmBytes.of('w', 'a', 's', 'm', 1, 0, 0, 0)).hasMessageStartingWith("magic header not detected");
        assertMalformed(WasmBytes.of(0x00, 0x61, 0x73, 0x6D, 0x01)).hasMessageStartingWith("unexpected end");
        assertMalformed(WasmBytes.of(0x00, 0x61, 0x73, 0x6D, 0x02, 0, 0, 0))
                .hasMessageStartingWith("unknown binary version");
    }

    @Test
    void sectionFramingErrors() {
        assertMalformed(WasmBytes.module().bytes(0x0E, 0x00)).hasMessageStartingWith("malformed section id");
        assertMalformed(WasmBytes.module().bytes(0x80, 0x00)).hasMessageStartingWith("malformed section id");
        assertMalformed(WasmBytes.module().bytes(0x01, 0x05, 0x00))
                .hasMessageStartingWith("length out of bounds")
                .hasMessageContaining("type section");
        // A type section saying 0 types but holding one more byte.
        assertMalformed(WasmBytes.module().section(1, WasmBytes.of(0x00, 0x60)))
                .hasMessageStartingWith("section size mismatch")
                .hasMessageContaining("type section");
        // Two memories declared, one given.
        assertMalformed(WasmBytes.module().section(5, WasmBytes.of(0x02, 0x00, 0x00)))
                .hasMessageStartingWith("unexpected end of section or function")
                .hasMessageContaining("memory section");
    }

    @Test
    void sectionOrderErrors() {
        assertMalformed(WasmBytes.module().section(1, WasmBytes.of(0x00)).section(1, WasmBytes.of(0x00)))
                .hasMessageStartingWith("unexpected content after last section")
                .hasMessageContaining("type section");
        assertMalformed(WasmBytes.module().section(6, WasmBytes.of(0x00)).section(13, WasmBytes.of(0x00)))
                .hasMessageStartingWith("unexpected content after last section");
        assertMalformed(WasmBytes.module().section(10, WasmBytes.of(0x00)).section(12, WasmBytes.of(0x00)))
                .hasMessageStartingWith("unexpected content after last section");
    }

    @Test
    void tagSitsBetweenMemoryAndGlobalAndDataCountBetweenElementAndCode() {
        byte[] ok = WasmBytes.module().section(5, WasmBytes.of(0x00)).section(13, WasmBytes.of(0x00))
                .section(6, WasmBytes.of(0x00)).section(9, WasmBytes.of(0x00)).section(12, WasmBytes.of(0x00))
                .section(10, WasmBytes.of(0x00)).section(11, WasmBytes.of(0x00)).build();
        assertThat(ModuleDecoder.decode(ok).dataCount()).isZero();
    }

    @Test
    void integerEncodingErrors() {
        // Function section count 1 written in six bytes.
        assertMalformed(WasmBytes.module().section(3, WasmBytes.of(0x81, 0x80, 0x80, 0x80, 0x80, 0x00)))
                .hasMessageStartingWith("integer representation too long");
        // A u32 whose fifth byte uses bits beyond 32.
        assertMalformed(WasmBytes.module().section(3, WasmBytes.of(0x81, 0x80, 0x80, 0x80, 0x10)))
                .hasMessageStartingWith("integer too large");
        // An i32.const whose last byte is not a sign extension.
        assertMalformed(WasmBytes.module().section(6, WasmBytes.of(0x01, 0x7F, 0x00)
                .bytes(0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F, END)))
                .hasMessageStartingWith("integer too large");
    }

    @Test
    void functionAndCodeCountsMustAgree() {
        assertMalformed(WasmBytes.module().section(1, WasmBytes.of(0x01, 0x60, 0x00, 0x00))
                .section(3, WasmBytes.of(0x02, 0x00, 0x00)))
                .hasMessageStartingWith("function and code section have inconsistent lengths");
        assertMalformed(WasmBytes.module().section(10, WasmBytes.of(0x01, 0x02, 0x00, END)))
                .hasMessageStartingWith("function and code section have inconsistent lengths");
    }

    @Test
    void dataCountMustMatchAndIsRequiredForDataIndices() {
        assertMalformed(WasmBytes.module().section(12, WasmBytes.of(0x02)).section(11, WasmBytes.of(0x01, 0x01, 0x00)))
                .hasMessageStartingWith("data count and data section have inconsistent lengths");
        assertMalformed(WasmBytes.module().section(12, WasmBytes.of(0x01)))
                .hasMessageStartingWith("data count and data section have inconsistent lengths");
        assertMalformed(oneFunction(WasmBytes.of(0x00, 0xFC, 0x09, 0x00, END)))
                .hasMessageStartingWith("data count section required");
    }

    @Test
    void localsErrors() {
        assertMalformed(oneFunction(WasmBytes.of(0x02).u32(0xFFFF_FFFFL).bytes(0x7F, 0x01, 0x7E, END)))
                .hasMessageStartingWith("too many locals")
                .hasMessageContaining("function 0");
        assertMalformed(oneFunction(WasmBytes.of(0x01, 0x01, 0x40, END)))
                .hasMessageStartingWith("malformed value type");
    }

    @Test
    void namesMustBeUtf8() {
        assertMalformed(WasmBytes.module().section(0, WasmBytes.of(0x02, 0xC0, 0x80)))
                .hasMessageStartingWith("malformed UTF-8 encoding");
        assertMalformed(WasmBytes.module().section(7, WasmBytes.of(0x01, 0x01, 0xFF, 0x00, 0x00)))
                .hasMessageStartingWith("malformed UTF-8 encoding");
    }

    @Test
    void customSectionNameLongerThanTheSectionIsMalformed() {
        assertMalformed(WasmBytes.module().section(0, WasmBytes.of(0x05, 'n', 'a')))
                .hasMessageStartingWith("length out of bounds")
                .hasMessageContaining("custom section");
        // An empty custom section followed by a type section: its name would be read from the next section.
        assertMalformed(WasmBytes.module().section(0, WasmBytes.of()).section(1, WasmBytes.of(0x00)))
                .hasMessageStartingWith("unexpected end of section or function")
                .hasMessageContaining("custom section");
    }

    @Test
    void aBodyWithoutItsEndIsReadOnLikeTheReferenceInterpreterDoes() {
        WasmBytes types = WasmBytes.of(0x01, 0x60, 0x00, 0x00);
        // Body 0 lacks its end; the next body's size byte (0x05) then reads as a misplaced else.
        assertMalformed(WasmBytes.module().section(1, types).section(3, WasmBytes.of(0x02, 0x00, 0x00))
                .section(10, WasmBytes.of(0x02).body(WasmBytes.of(0x00, 0x41, 0x01, 0x1A))
                        .body(WasmBytes.of(0x00, 0x41, 0x01, 0x1A, END))))
                .hasMessageStartingWith("END opcode expected")
                .hasMessageContaining("function 0");
        // The last body lacks its end, and the data section's id (0x0b) reads as one: too long a body.
        assertMalformed(WasmBytes.module().section(1, types).section(3, WasmBytes.of(0x01, 0x00))
                .section(10, WasmBytes.of(0x01).body(WasmBytes.of(0x00, 0x41, 0x01, 0x1A)))
                .section(11, WasmBytes.of(0x00)))
                .hasMessageStartingWith("section size mismatch")
                .hasMessageContaining("function 0");
    }

    @Test
    void malformedKindsAndFlags() {
        assertMalformed(WasmBytes.module().section(2, WasmBytes.of(0x01).name("m").name("x").bytes(0x05)))
                .hasMessageStartingWith("malformed import kind");
        assertMalformed(WasmBytes.module().section(6, WasmBytes.of(0x01, 0x7F, 0x02, 0x41, 0x00, END)))
                .hasMessageStartingWith("malformed mutability");
        assertMalformed(WasmBytes.module().section(5, WasmBytes.of(0x01, 0x08, 0x00)))
                .hasMessageStartingWith("malformed limits flags");
        // Tables cannot be shared.
        assertMalformed(WasmBytes.module().section(4, WasmBytes.of(0x01, 0x70, 0x03, 0x00, 0x01)))
                .hasMessageStartingWith("malformed limits flags");
        assertMalformed(WasmBytes.module().section(4, WasmBytes.of(0x01, 0x7F, 0x00, 0x00)))
                .hasMessageStartingWith("malformed reference type");
        assertMalformed(WasmBytes.module().section(9, WasmBytes.of(0x01, 0x08)))
                .hasMessageStartingWith("malformed elements segment kind");
        assertMalformed(WasmBytes.module().section(9, WasmBytes.of(0x01, 0x01, 0x01, 0x00)))
                .hasMessageStartingWith("malformed element kind");
        assertMalformed(WasmBytes.module().section(11, WasmBytes.of(0x01, 0x03, 0x00)))
                .hasMessageStartingWith("malformed data segment kind");
        assertMalformed(WasmBytes.module().section(1, WasmBytes.of(0x01, 0x5D, 0x00)))
                .hasMessageStartingWith("malformed type form");
    }

    @Test
    void illegalOpcodesInBodiesAndConstantExpressions() {
        assertMalformed(oneFunction(WasmBytes.of(0x00, 0xFF, END)))
                .hasMessageStartingWith("illegal opcode ff")
                .hasMessageContaining("function 0").hasMessageContaining("0x17");
        assertMalformed(WasmBytes.module().section(6, WasmBytes.of(0x01, 0x7F, 0x00, 0xF3, END)))
                .hasMessageStartingWith("illegal opcode");
    }

    @Test
    void bodiesMustCloseExactlyAtTheirEnd() {
        assertMalformed(oneFunction(WasmBytes.of(0x00, 0x02, 0x40, END)))
                .hasMessageStartingWith("unexpected end of section or function")
                .hasMessageContaining("function 0");
        assertMalformed(oneFunction(WasmBytes.of(0x00, END, 0x01)))
                .hasMessageStartingWith("section size mismatch")
                .hasMessageContaining("function 0");
        // A constant expression without its end runs into the end of the section.
        assertMalformed(WasmBytes.module().section(6, WasmBytes.of(0x01, 0x7F, 0x00, 0x41, 0x00)))
                .hasMessageStartingWith("unexpected end of section or function");
    }

    @Test
    void structuralInstructionsOnlyWhereTheyBelong() {
        assertMalformed(oneFunction(WasmBytes.of(0x00, 0x02, 0x40, 0x05, END, END)))
                .hasMessageContaining("else outside of if");
        assertMalformed(oneFunction(WasmBytes.of(0x00, 0x41, 0x00, 0x04, 0x40, 0x05, 0x05, END, END)))
                .hasMessageContaining("else outside of if");
        assertMalformed(oneFunction(WasmBytes.of(0x00, 0x02, 0x40, 0x07, 0x00, END, END)))
                .hasMessageContaining("catch outside of try");
        assertMalformed(oneFunction(WasmBytes.of(0x00, 0x06, 0x40, 0x19, 0x07, 0x00, END, END)))
                .hasMessageContaining("catch outside of try");
        assertMalformed(oneFunction(WasmBytes.of(0x00, 0x06, 0x40, 0x19, 0x18, 0x00, END)))
                .hasMessageContaining("delegate outside of try");
        assertMalformed(oneFunction(WasmBytes.of(0x00, 0x18, 0x00, END)))
                .hasMessageContaining("delegate outside of try");
    }

    @Test
    void errorsCarryTheByteOffset() {
        byte[] bytes = WasmBytes.module().bytes(0x0E, 0x00).build();
        assertThatThrownBy(() -> ModuleDecoder.decode(bytes))
                .isInstanceOfSatisfying(MalformedModuleException.class, e -> assertThat(e.offset()).isEqualTo(8));
    }
}
