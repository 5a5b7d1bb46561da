/**
 * The binary format: {@link dev.gatun.internal.binary.ModuleDecoder} turns a module binary into a
 * {@link dev.gatun.internal.model.ModuleModel}, checking that it is well-formed (not that it is valid).
 *
 * <p>{@code BinaryReader} and {@code CodeReader} read primitives and instructions (shared with the validator
 * and the compiler); one decoder class per group of sections ({@code TypeSectionDecoder},
 * {@code DeclarationDecoder}, {@code SegmentDecoder}, {@code CodeSectionDecoder}, {@code NameSectionDecoder});
 * {@code StructureChecker} checks the nesting of instruction sequences without recursion.
 *
 * <p>Like the reference interpreter, the decoder reads a section's (or body's) content up to the end of the
 * file and only then compares the position with the declared size; this decides which of the spec tests'
 * messages ("section size mismatch", "unexpected end of section or function", "END opcode expected", ...) an
 * inconsistent input gets.
 */
package dev.gatun.internal.binary;
