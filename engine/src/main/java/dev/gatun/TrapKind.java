package dev.gatun;

/** Why a WebAssembly execution trapped; {@link #message()} is the spec test suite's wording. */
public enum TrapKind {
    UNREACHABLE("unreachable"),
    MEMORY_OUT_OF_BOUNDS("out of bounds memory access"),
    TABLE_OUT_OF_BOUNDS("out of bounds table access"),
    INTEGER_DIVIDE_BY_ZERO("integer divide by zero"),
    INTEGER_OVERFLOW("integer overflow"),
    INVALID_CONVERSION("invalid conversion to integer"),
    INDIRECT_CALL_TYPE_MISMATCH("indirect call type mismatch"),
    /** call_indirect with an index past the table's end. */
    UNDEFINED_ELEMENT("undefined element"),
    UNINITIALIZED_ELEMENT("uninitialized element"),
    NULL_REFERENCE("null reference"),
    /** call_ref / return_call_ref of a null reference. */
    NULL_FUNCTION_REFERENCE("null function reference"),
    /** i31.get_s / i31.get_u of a null reference. */
    NULL_I31_REFERENCE("null i31 reference"),
    /** ref.cast to a type the value does not have. */
    CAST_FAILURE("cast failure"),
    NULL_STRUCTURE_REFERENCE("null structure reference"),
    NULL_ARRAY_REFERENCE("null array reference"),
    ARRAY_OUT_OF_BOUNDS("out of bounds array access"),
    CALL_STACK_EXHAUSTED("call stack exhausted"),
    /** Another thread asked the instance to stop (interrupt flag or deadline in the vmctx). */
    INTERRUPTED("interrupted");

    private final String message;

    TrapKind(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
