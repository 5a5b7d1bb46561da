/**
 * The text format: {@link dev.gatun.internal.text.WatParser} turns a module's text into the same
 * {@link dev.gatun.internal.model.ModuleModel} the binary decoder would produce for the equivalent binary;
 * {@link dev.gatun.internal.text.WastParser} turns a {@code .wast} script into
 * {@link dev.gatun.internal.text.WastCommand}s (module texts are kept as source and parsed when run).
 *
 * <p>{@code Lexer} makes tokens (comments dropped, annotations kept aside) and {@code TokenCursor} walks
 * them. A module is parsed in three passes over its fields: {@code IdCollector} assigns indices and ids in
 * every index space, {@code TypeDefinitions} reads the type section, then {@code WatParser} reads the rest in
 * text order, so that inline type uses append their implicit types in the order the spec prescribes
 * ({@code ModuleScope}). Function bodies and constant expressions are encoded to bytes by
 * {@code InstructionEncoder} (block structure and folding, on explicit stacks rather than recursion) and
 * {@code OperandEncoder} (single instructions); {@code SegmentParser} reads element and data segments.
 *
 * <p>Errors are {@link dev.gatun.MalformedModuleException}s whose message ends in {@code line:column}.
 */
package dev.gatun.internal.text;
