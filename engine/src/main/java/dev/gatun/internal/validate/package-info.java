/**
 * Validation of decoded or parsed modules, following the spec's algorithm (Wasm 3.0 plus threads atomics and
 * legacy exception handling).
 *
 * <ul>
 * <li>{@link dev.gatun.internal.validate.Validator}: the entry point and the module-level rules (definitions,
 *     limits, exports, start, segments, the set of declared function references).</li>
 * <li>{@link dev.gatun.internal.validate.TypeContext}: the type section, validated and canonicalized;
 *     subtyping questions. {@link dev.gatun.internal.validate.CanonicalTypes} gives iso-recursively equivalent
 *     types one process-wide identity, so types can be compared across modules.</li>
 * <li>{@code CodeValidator}: function bodies and constant expressions, one instruction at a time, with an
 *     {@code OperandStack} (operands and control frames), {@code LocalSlots} (locals and their
 *     initialization), {@code IndexResolver} (index lookups) and {@code AggregateRules} (struct/array/i31).</li>
 * <li>{@link dev.gatun.internal.validate.ValidatedModule}: what validation resolved, for the compiler.</li>
 * <li>{@link dev.gatun.internal.validate.ImportMatching}: whether an export may satisfy an import of another
 *     module (for linking).</li>
 * </ul>
 *
 * <p>Errors are {@link dev.gatun.InvalidModuleException}s whose messages start with the wording of the spec
 * tests' {@code assert_invalid} ("type mismatch", "unknown local 3", ...) and name the function and byte
 * offset when they come from code.
 */
package dev.gatun.internal.validate;
