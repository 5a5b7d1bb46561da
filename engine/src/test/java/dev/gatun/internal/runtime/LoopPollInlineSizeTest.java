package dev.gatun.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import org.junit.jupiter.api.Test;

/**
 * The loop-header poll stays a call in C1 code: inlined at each of a segment's loop headers, the VarHandle
 * chain behind the flag read made C1 run out of virtual registers (see {@link InstanceContext#pollAfterCountdown}).
 */
class LoopPollInlineSizeTest {
    /** HotSpot's default C1MaxInlineSize: C1 inlines any callee up to this many bytecode bytes. */
    private static final int C1_MAX_INLINE_SIZE = 35;

    @Test
    void pollAfterCountdownIsLargerThanC1Inlines() throws IOException {
        byte[] bytes;
        try (InputStream in = InstanceContext.class.getResourceAsStream("InstanceContext.class")) {
            bytes = in.readAllBytes();
        }
        MethodModel poll = ClassFile.of().parse(bytes).methods().stream()
                .filter(m -> m.methodName().stringValue().equals("pollAfterCountdown"))
                .findFirst().orElseThrow();
        int length = poll.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
        assertThat(length).isGreaterThan(C1_MAX_INLINE_SIZE);
    }
}
