package dev.gatun.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.binary.CodeReader;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.Opcode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every instruction of the opcode table can be written in the text format and reads back as itself. */
class OpcodeCoverageTest {

    private static final String CONTEXT = "(type $s (struct (field $x i32))) (type $a (array i8)) (type $f (func))"
            + " (memory $m 1) (table $t 1 funcref) (global $g (mut i32) (i32.const 0)) (tag $e)"
            + " (elem $el func) (data $d \"\")";

    /** Text for the instruction {@code op} with immediates that fit its kind (validity does not matter). */
    private static String text(Opcode op) {
        String m = op.mnemonic;
        return switch (op) {
            case SELECT_T -> "select (result i32)";
            case REF_TEST_NULL -> "ref.test (ref null $s)";
            case REF_CAST_NULL -> "ref.cast (ref null $s)";
            case REF_TEST -> "ref.test (ref $s)";
            case REF_CAST -> "ref.cast (ref $s)";
            case BR_ON_CAST, BR_ON_CAST_FAIL -> m + " 0 anyref (ref $s)";
            case BLOCK, LOOP, IF, TRY -> m + " (result i32) end";
            case TRY_TABLE -> "try_table (catch $e 0) end";
            case ELSE -> "if else end";
            case END -> "block end";
            case CATCH -> "try catch $e end";
            case CATCH_ALL -> "try catch_all end";
            case DELEGATE -> "try delegate 0";
            default -> m + switch (op.immediate) {
                case NONE -> "";
                case LABEL -> " 0";
                case BR_TABLE -> " 0 0";
                case FUNC -> " 0";
                case CALL_INDIRECT -> " $t (type $f)";
                case TYPE -> m.startsWith("struct") ? " $s" : m.startsWith("array") ? " $a" : " $f";
                case LOCAL -> " 0";
                case GLOBAL -> " $g";
                case TABLE -> " $t";
                case MEMARG -> " offset=1";
                case MEMARG_LANE -> " offset=1 1";
                case MEMORY -> " $m";
                case I32 -> " -5";
                case I64 -> " 5";
                case F32, F64 -> " 1.5";
                case V128 -> " i32x4 1 2 3 4";
                case HEAPTYPE -> " func";
                case TAG -> " $e";
                case STRUCT_FIELD -> " $s $x";
                case ARRAY_NEW_FIXED -> " $a 2";
                case TYPE_DATA -> " $a $d";
                case TYPE_ELEM -> " $a $el";
                case TYPE_TYPE -> " $a $a";
                case MEMORY_INIT -> " $m $d";
                case DATA -> " $d";
                case MEMORY_COPY -> " $m $m";
                case ELEM -> " $el";
                case TABLE_INIT -> " $t $el";
                case TABLE_COPY -> " $t $t";
                case LANE -> " 1";
                case SHUFFLE -> " 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15";
                case ZERO_BYTE -> "";
                default -> throw new IllegalStateException("no text for " + op);
            };
        };
    }

    @Test
    void everyOpcodeRoundTripsThroughTheCodeReader() {
        List<String> problems = new ArrayList<>();
        for (Opcode op : Opcode.values()) {
            String body = text(op);
            try {
                ModuleModel model = WatParser.parseModule("(module " + CONTEXT + " (func (local i32) " + body + "))");
                CodeReader reader = new CodeReader(model.bodies().get(0).code());
                boolean seen = false;
                while (reader.hasNext()) {
                    if (reader.next() == op) seen = true;
                }
                if (!seen) problems.add(op + ": not read back from '" + body + "'");
            } catch (RuntimeException e) {
                problems.add(op + ": '" + body + "' failed: " + e.getMessage());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void immediatesReadBackAsWritten() {
        ModuleModel model = WatParser.parseModule("(module " + CONTEXT
                + " (func (struct.get $s $x) (i64.store16 $m offset=7 align=1) (table.copy $t $t) (br_table 0 0)"
                + " (v128.load32_lane $m 3)))");
        CodeReader r = new CodeReader(model.bodies().get(0).code());
        assertThat(r.next()).isEqualTo(Opcode.STRUCT_GET);
        assertThat(r.index).isEqualTo(0);
        assertThat(r.index2).isEqualTo(0);
        assertThat(r.next()).isEqualTo(Opcode.I64_STORE16);
        assertThat(r.offset).isEqualTo(7);
        assertThat(r.alignLog2).isEqualTo(0);
        assertThat(r.next()).isEqualTo(Opcode.TABLE_COPY);
        assertThat(r.next()).isEqualTo(Opcode.BR_TABLE);
        assertThat(r.targetCount).isEqualTo(1);
        assertThat(r.next()).isEqualTo(Opcode.V128_LOAD32_LANE);
        assertThat(r.alignLog2).isEqualTo(2);
        assertThat(r.index).isEqualTo(3);
    }
}
