package dev.gatun.internal.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.Externals.FuncRef;
import dev.gatun.internal.model.Externals.GlobalType;
import dev.gatun.internal.model.Externals.MemoryType;
import dev.gatun.internal.model.Externals.TableType;
import dev.gatun.internal.model.Externals.TagType;
import dev.gatun.internal.model.HeapType;
import dev.gatun.internal.model.Limits;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.SegmentMode;
import dev.gatun.internal.model.Types.ArrayType;
import dev.gatun.internal.model.Types.FieldType;
import dev.gatun.internal.model.Types.FuncType;
import dev.gatun.internal.model.Types.StructType;
import dev.gatun.internal.model.ValType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleDecoderSectionsTest {

    private static final int I32 = 0x7F;
    private static final int I64 = 0x7E;
    private static final int END = 0x0B;

    private static ModuleModel decode(WasmBytes module) {
        return ModuleDecoder.decode(module.build());
    }

    /** A type section with one function type () -> (). */
    private static WasmBytes emptyFuncType() {
        return WasmBytes.of(0x01, 0x60, 0x00, 0x00);
    }

    @Test
    void emptyModuleDecodesToEmptyModel() {
        ModuleModel m = decode(WasmBytes.module());
        assertThat(m.types()).isEmpty();
        assertThat(m.bodies()).isEmpty();
        assertThat(m.start()).isEqualTo(-1);
        assertThat(m.dataCount()).isEqualTo(-1);
        assertThat(m.names().moduleName()).isNull();
    }

    @Test
    void typeSectionDecodesFuncStructArraySubAndRecGroups() {
        WasmBytes types = WasmBytes.of(0x04)
                .bytes(0x60, 0x02, I32, I64, 0x01, 0x7D)                      // func (i32 i64) -> f32
                .bytes(0x5F, 0x02, 0x78, 0x01, 0x64, 0x6E, 0x00)              // struct (mut i8) (ref any)
                .bytes(0x4E, 0x02)                                           // rec of two:
                .bytes(0x50, 0x00, 0x5E, 0x77, 0x01)                         //   sub (array (mut i16))
                .bytes(0x4F, 0x01, 0x02, 0x5E, 0x77, 0x01)                   //   sub final 2 (array ...)
                .bytes(0x5E, 0x63, 0x00, 0x00);                              // array (ref null 0)
        ModuleModel m = decode(WasmBytes.module().section(1, types));

        assertThat(m.types()).hasSize(5);
        assertThat(m.recGroups()).hasSize(4);
        assertThat(m.recGroups().get(2).firstIndex()).isEqualTo(2);
        assertThat(m.recGroups().get(2).types()).hasSize(2);

        assertThat(m.types().get(0).composite())
                .isEqualTo(new FuncType(List.of(ValType.I32, ValType.I64), List.of(ValType.F32)));
        assertThat(m.types().get(0).isFinal()).isTrue();
        assertThat(m.types().get(1).composite()).isEqualTo(new StructType(List.of(
                new FieldType(ValType.PACKED_I8, true), new FieldType(ValType.ref(false, HeapType.ANY), false))));
        assertThat(m.types().get(2).isFinal()).isFalse();
        assertThat(m.types().get(2).supertypes()).isEmpty();
        assertThat(m.types().get(2).composite()).isEqualTo(new ArrayType(new FieldType(ValType.PACKED_I16, true)));
        assertThat(m.types().get(3).isFinal()).isTrue();
        assertThat(m.types().get(3).supertypes()).containsExactly(2);
        assertThat(m.types().get(4).composite()).isEqualTo(new ArrayType(new FieldType(ValType.ref(true, 0), false)));
    }

    @Test
    void importSectionDecodesAllFiveKinds() {
        WasmBytes imports = WasmBytes.of(0x05)
                .name("m").name("f").bytes(0x00, 0x00)                       // func type 0
                .name("m").name("t").bytes(0x01, 0x70, 0x01, 0x01, 0x0A)     // table funcref 1..10
                .name("m").name("mem").bytes(0x02, 0x07, 0x02, 0x03)         // memory64 shared 2..3
                .name("m").name("g").bytes(0x03, I64, 0x01)                  // global (mut i64)
                .name("m").name("e").bytes(0x04, 0x00, 0x00);                // tag type 0
        ModuleModel m = decode(WasmBytes.module().section(1, emptyFuncType()).section(2, imports));

        assertThat(m.imports()).extracting(ModuleModel.Import::name).containsExactly("f", "t", "mem", "g", "e");
        assertThat(m.imports().get(0).type()).isEqualTo(new FuncRef(0));
        assertThat(m.imports().get(1).type()).isEqualTo(new TableType(ValType.FUNCREF, new Limits(1, 10, false, false)));
        assertThat(m.imports().get(2).type()).isEqualTo(new MemoryType(new Limits(2, 3, true, true)));
        assertThat(m.imports().get(3).type()).isEqualTo(new GlobalType(ValType.I64, true));
        assertThat(m.imports().get(4).type()).isEqualTo(new TagType(0));
        assertThat(m.functionCount()).isEqualTo(1);
    }

    @Test
    void functionAndCodeSectionsDecodeLocalsAndKeepTheBodyBytes() {
        WasmBytes code = WasmBytes.of(0x01).body(WasmBytes.of(0x02, 0x03, I32, 0x01, I64)   // 3 i32, 1 i64
                .bytes(0x20, 0x00, 0x1A, END));                                           // local.get 0 drop end
        ModuleModel m = decode(WasmBytes.module().section(1, emptyFuncType())
                .section(3, WasmBytes.of(0x01, 0x00)).section(10, code));

        assertThat(m.functionTypes()).containsExactly(0);
        assertThat(m.bodies()).hasSize(1);
        assertThat(m.bodies().get(0).locals()).containsExactly(
                new ModuleModel.Locals(3, ValType.I32), new ModuleModel.Locals(1, ValType.I64));
        assertThat(m.bodies().get(0).code().toArray()).containsExactly(0x20, 0x00, 0x1A, END);
    }

    @Test
    void tableSectionDecodesPlainTablesAndTablesWithAnInitializer() {
        WasmBytes tables = WasmBytes.of(0x02)
                .bytes(0x6F, 0x00, 0x05)                                      // externref, min 5
                .bytes(0x40, 0x00, 0x64, 0x70, 0x05, 0x01, 0x02)              // (ref func) table64 1..2
                .bytes(0xD2, 0x00, END);                                      //   init ref.func 0
        ModuleModel m = decode(WasmBytes.module().section(4, tables));

        assertThat(m.tables().get(0).type()).isEqualTo(new TableType(ValType.EXTERNREF, new Limits(5, -1, false, false)));
        assertThat(m.tables().get(0).init()).isNull();
        assertThat(m.tables().get(1).type())
                .isEqualTo(new TableType(ValType.ref(false, HeapType.FUNC), new Limits(1, 2, false, true)));
        assertThat(m.tables().get(1).init().toArray()).containsExactly(0xD2, 0x00, END);
    }

    @Test
    void memorySectionDecodesLimitFlags() {
        WasmBytes memories = WasmBytes.of(0x03)
                .bytes(0x00, 0x01)                                             // 1..
                .bytes(0x03, 0x01, 0x02)                                       // shared 1..2
                .bytes(0x04).u32(1L << 40);                                    // memory64, min 2^40
        ModuleModel m = decode(WasmBytes.module().section(5, memories));

        assertThat(m.memories()).containsExactly(
                new MemoryType(new Limits(1, -1, false, false)),
                new MemoryType(new Limits(1, 2, true, false)),
                new MemoryType(new Limits(1L << 40, -1, false, true)));
    }

    @Test
    void tagGlobalExportAndStartSectionsDecode() {
        WasmBytes module = WasmBytes.module()
                .section(1, emptyFuncType())
                .section(3, WasmBytes.of(0x01, 0x00))
                .section(13, WasmBytes.of(0x01, 0x00, 0x00))                                  // tag type 0
                .section(6, WasmBytes.of(0x01, I32, 0x00, 0x41).s64(-5).bytes(END))           // i32 = -5
                .section(7, WasmBytes.of(0x02).name("run").bytes(0x00, 0x00).name("e").bytes(0x04, 0x00))
                .section(8, WasmBytes.of(0x00))
                .section(10, WasmBytes.of(0x01).body(WasmBytes.of(0x00, END)));
        ModuleModel m = decode(module);

        assertThat(m.tags()).containsExactly(new TagType(0));
        assertThat(m.globals().get(0).type()).isEqualTo(new GlobalType(ValType.I32, false));
        assertThat(m.globals().get(0).init().toArray()).containsExactly(0x41, 0x7B, END);
        assertThat(m.exports()).containsExactly(new ModuleModel.Export("run", ExternKind.FUNC, 0),
                new ModuleModel.Export("e", ExternKind.TAG, 0));
        assertThat(m.start()).isEqualTo(0);
    }

    @Test
    void elementSectionDecodesAllEightEncodings() {
        WasmBytes offset = WasmBytes.of(0x41, 0x00, END);
        WasmBytes nullFunc = WasmBytes.of(0xD0, 0x70, END);
        WasmBytes elements = WasmBytes.of(0x08)
                .bytes(0x00).bytes(offset).bytes(0x01, 0x00)                        // 0: active t0, funcs
                .bytes(0x01, 0x00, 0x02, 0x00, 0x00)                                // 1: passive, funcs
                .bytes(0x02, 0x01).bytes(offset).bytes(0x00, 0x01, 0x00)            // 2: active t1, funcs
                .bytes(0x03, 0x00, 0x00)                                            // 3: declarative, funcs
                .bytes(0x04).bytes(offset).bytes(0x01).bytes(nullFunc)              // 4: active t0, exprs
                .bytes(0x05, 0x6F, 0x01, 0xD0, 0x6F, END)                           // 5: passive externref
                .bytes(0x06, 0x02).bytes(offset).bytes(0x70, 0x00)                  // 6: active t2, exprs
                .bytes(0x07, 0x70, 0x01).bytes(nullFunc);                           // 7: declarative exprs
        ModuleModel m = decode(WasmBytes.module().section(9, elements));

        List<ModuleModel.ElementSegment> e = m.elements();
        assertThat(e).extracting(ModuleModel.ElementSegment::mode).containsExactly(
                SegmentMode.ACTIVE, SegmentMode.PASSIVE, SegmentMode.ACTIVE, SegmentMode.DECLARATIVE,
                SegmentMode.ACTIVE, SegmentMode.PASSIVE, SegmentMode.ACTIVE, SegmentMode.DECLARATIVE);
        assertThat(e).extracting(ModuleModel.ElementSegment::tableIndex)
                .containsExactly(0, -1, 1, -1, 0, -1, 2, -1);
        assertThat(e).extracting(ModuleModel.ElementSegment::size).containsExactly(1, 2, 1, 0, 1, 1, 0, 1);
        assertThat(e.get(1).functionIndices()).containsExactly(0, 0);
        assertThat(e.get(0).type()).isEqualTo(ValType.ref(false, HeapType.FUNC));
        assertThat(e.get(4).type()).isEqualTo(ValType.FUNCREF);
        assertThat(e.get(5).type()).isEqualTo(ValType.EXTERNREF);
        assertThat(e.get(4).initExprs().get(0).toArray()).containsExactly(0xD0, 0x70, END);
        assertThat(e.get(2).offset().toArray()).containsExactly(0x41, 0x00, END);
        assertThat(e.get(1).offset()).isNull();
    }

    @Test
    void dataCountAndDataSectionsDecodeAllThreeKinds() {
        WasmBytes data = WasmBytes.of(0x03)
                .bytes(0x00, 0x41, 0x08, END, 0x02, 'h', 'i')                // active mem 0 at 8
                .bytes(0x01, 0x01, 'x')                                      // passive
                .bytes(0x02, 0x01, 0x41, 0x00, END, 0x00);                   // active mem 1, empty
        ModuleModel m = decode(WasmBytes.module().section(12, WasmBytes.of(0x03)).section(11, data));

        assertThat(m.dataCount()).isEqualTo(3);
        assertThat(m.datas()).extracting(ModuleModel.DataSegment::mode)
                .containsExactly(SegmentMode.ACTIVE, SegmentMode.PASSIVE, SegmentMode.ACTIVE);
        assertThat(m.datas()).extracting(ModuleModel.DataSegment::memoryIndex).containsExactly(0, -1, 1);
        assertThat(m.datas().get(0).bytes().toArray()).containsExactly('h', 'i');
        assertThat(m.datas().get(0).offset().toArray()).containsExactly(0x41, 0x08, END);
        assertThat(m.datas().get(1).bytes().toArray()).containsExactly('x');
        assertThat(m.datas().get(2).bytes().length()).isZero();
    }

    @Test
    void customSectionsAreKeptWhereverTheyAppear() {
        WasmBytes module = WasmBytes.module()
                .section(0, WasmBytes.of().name("first").bytes(1, 2, 3))
                .section(1, emptyFuncType())
                .section(0, WasmBytes.of().name("second"));
        ModuleModel m = decode(module);

        assertThat(m.customSections()).extracting(ModuleModel.CustomSection::name).containsExactly("first", "second");
        assertThat(m.customSections().get(0).data().toArray()).containsExactly(1, 2, 3);
        assertThat(m.customSections().get(0).sectionOffset()).isEqualTo(8);
        assertThat(m.customSections().get(1).data().length()).isZero();
    }

    @Test
    void nameSectionGivesModuleFunctionAndLocalNames() {
        WasmBytes names = WasmBytes.of().name("name")
                .bytes(0x00).body(WasmBytes.of().name("mod"))
                .bytes(0x01).body(WasmBytes.of(0x01, 0x00).name("main"))
                .bytes(0x02).body(WasmBytes.of(0x01, 0x00, 0x02, 0x00).name("a").bytes(0x01).name("b"))
                .bytes(0x07).body(WasmBytes.of(0x00));                       // global names: skipped
        ModuleModel m = decode(WasmBytes.module().section(0, names));

        assertThat(m.names().moduleName()).isEqualTo("mod");
        assertThat(m.names().functions()).isEqualTo(Map.of(0, "main"));
        assertThat(m.names().locals()).isEqualTo(Map.of(0, Map.of(0, "a", 1, "b")));
    }

    @Test
    void malformedNameSectionIsIgnoredAndTheModuleStillDecodes() {
        WasmBytes names = WasmBytes.of().name("name")
                .bytes(0x01).body(WasmBytes.of(0x01, 0x00).name("ok"))
                .bytes(0x02).body(WasmBytes.of(0x05, 0x00));                 // says 5 functions, has none
        ModuleModel m = decode(WasmBytes.module().section(0, names));

        assertThat(m.names().functions()).isEmpty();
        assertThat(m.customSections()).hasSize(1);
    }

    @Test
    void functionBodiesWithEveryBlockKindDecode() {
        WasmBytes code = WasmBytes.of(0x01).body(WasmBytes.of(0x00)
                .bytes(0x02, 0x40, 0x03, 0x40, END, END)                        // block loop
                .bytes(0x41, 0x01, 0x04, 0x40, 0x05, END)                       // if else
                .bytes(0x06, 0x40, 0x07, 0x00, 0x19, END)                       // try catch catch_all
                .bytes(0x06, 0x40, 0x18, 0x00)                                  // try delegate
                .bytes(0x1F, 0x40, 0x01, 0x02, 0x00, END)                       // try_table (catch_all 0)
                .bytes(0xFC, 0x08, 0x00, 0x00, 0xFC, 0x09, 0x00)                // memory.init, data.drop
                .bytes(END));
        ModuleModel m = decode(WasmBytes.module().section(1, emptyFuncType())
                .section(3, WasmBytes.of(0x01, 0x00)).section(12, WasmBytes.of(0x01)).section(10, code)
                .section(11, WasmBytes.of(0x01, 0x01, 0x00)));

        assertThat(m.bodies()).hasSize(1);
    }

    @Test
    void indicesBeyondAnyIndexSpaceAreWellFormedAndLeftToTheValidator() {
        // call 0xFFFFFFFF and an export of function 2^32-1: malformed would be wrong, they are merely invalid.
        WasmBytes code = WasmBytes.of(0x01).body(WasmBytes.of(0x00, 0x10).u32(0xFFFF_FFFFL).bytes(END));
        ModuleModel m = decode(WasmBytes.module().section(1, emptyFuncType())
                .section(3, WasmBytes.of(0x01, 0x00))
                .section(7, WasmBytes.of(0x01).name("f").bytes(0x00).u32(0xFFFF_FFFFL))
                .section(10, code));

        assertThat(m.exports().get(0).index()).isEqualTo(Integer.MAX_VALUE);
        CodeReader reader = new CodeReader(m.bodies().get(0).code());
        reader.next();
        assertThat(reader.index).isEqualTo(Integer.MAX_VALUE);
    }
}
