package dev.gatun.internal.binary;

import dev.gatun.MalformedModuleException;
import dev.gatun.internal.model.ByteSlice;
import dev.gatun.internal.model.Externals.ExternKind;
import dev.gatun.internal.model.ModuleModel;
import dev.gatun.internal.model.ModuleModel.CustomSection;

/**
 * Decodes a module binary into the model, checking well-formedness (including every function body and
 * constant expression). Validation (types, index ranges) is left to the validator.
 *
 * <p>Errors are {@link MalformedModuleException}s whose message starts with the spec tests' wording and
 * names the byte offset and the section or function involved.
 */
public final class ModuleDecoder {

    private static final int MAGIC = 0x6D736100;  // "\0asm" read little-endian
    private static final int VERSION = 1;

    private final byte[] bytes;
    private final BinaryReader in;
    private final ModuleModel.Builder module = new ModuleModel.Builder();
    private final StructureChecker checker = new StructureChecker();
    private int lastRank;
    private boolean sawCodeSection;
    private boolean sawDataSection;
    private boolean bodiesUseDataIndex;
    private int codeSectionOffset;

    private ModuleDecoder(byte[] bytes) {
        this.bytes = bytes;
        this.in = new BinaryReader(bytes, 0, bytes.length);
    }

    public static ModuleModel decode(byte[] bytes) {
        return new ModuleDecoder(bytes).decodeModule();
    }

    private ModuleModel decodeModule() {
        readPreamble();
        while (!in.atEnd()) readSection();
        checkCrossSectionCounts();
        return module.build();
    }

    private void readPreamble() {
        if (bytes.length < 4) throw in.error("unexpected end: magic header expected", bytes.length);
        if (in.readF32Bits() != MAGIC) throw in.error("magic header not detected", 0);
        if (in.remaining() < 4) throw in.error("unexpected end: binary version expected", 4);
        if (in.readF32Bits() != VERSION) throw in.error("unknown binary version", 4);
    }

    private void readSection() {
        int sectionOffset = in.position();
        int id = in.readByte();
        if (id > SectionId.MAX) {
            throw in.error("malformed section id 0x" + Integer.toHexString(id), sectionOffset);
        }
        in.context(SectionId.name(id) + " section");
        long size = in.readLength();
        in.context(null);
        int start = in.position();
        long end = start + size;
        if (id != SectionId.CUSTOM) checkOrder(id, sectionOffset);

        // The content is read with the file's end as the limit and then compared with the declared size: the
        // reference interpreter's order, which decides which error the spec tests expect.
        BinaryReader section = new BinaryReader(bytes, start, bytes.length);
        section.endOfInputMessage(StructureChecker.UNEXPECTED_END);
        section.context(SectionId.name(id) + " section");
        decodeSectionContent(id, section, sectionOffset, end);
        if (section.position() != end) {
            throw in.error("section size mismatch: the " + SectionId.name(id) + " section declares " + size
                    + " bytes but its content ends after " + (section.position() - start), section.position());
        }
        in.position((int) end);
    }

    /** Non-custom sections appear at most once each, in the order of {@link SectionId#rank}. */
    private void checkOrder(int id, int sectionOffset) {
        int rank = SectionId.rank(id);
        if (rank <= lastRank) {
            throw in.error("unexpected content after last section: " + SectionId.name(id)
                    + " section is duplicated or out of order", sectionOffset);
        }
        lastRank = rank;
    }

    private void decodeSectionContent(int id, BinaryReader section, int sectionOffset, long end) {
        switch (id) {
            case SectionId.CUSTOM -> decodeCustom(section, sectionOffset, end);
            case SectionId.TYPE -> TypeSectionDecoder.decode(section, module);
            case SectionId.IMPORT -> DeclarationDecoder.decodeImports(section, module);
            case SectionId.FUNCTION -> DeclarationDecoder.decodeFunctions(section, module);
            case SectionId.TABLE -> DeclarationDecoder.decodeTables(section, module, checker);
            case SectionId.MEMORY -> DeclarationDecoder.decodeMemories(section, module);
            case SectionId.TAG -> DeclarationDecoder.decodeTags(section, module);
            case SectionId.GLOBAL -> DeclarationDecoder.decodeGlobals(section, module, checker);
            case SectionId.EXPORT -> DeclarationDecoder.decodeExports(section, module);
            case SectionId.START -> DeclarationDecoder.decodeStart(section, module);
            case SectionId.ELEMENT -> SegmentDecoder.decodeElements(section, module, checker);
            case SectionId.DATA_COUNT -> module.dataCount = section.readIndex();
            case SectionId.CODE -> {
                sawCodeSection = true;
                codeSectionOffset = sectionOffset;
                bodiesUseDataIndex = CodeSectionDecoder.decode(section, module, checker,
                        importedFunctionCount());
            }
            case SectionId.DATA -> {
                sawDataSection = true;
                SegmentDecoder.decodeData(section, module, checker);
            }
            default -> throw new IllegalStateException("section id " + id + " passed the range check");
        }
    }

    private int importedFunctionCount() {
        int n = 0;
        for (ModuleModel.Import i : module.imports) {
            if (i.type().kind() == ExternKind.FUNC) n++;
        }
        return n;
    }

    private void decodeCustom(BinaryReader section, int sectionOffset, long end) {
        String name = section.readName();
        if (section.position() > end) {
            throw section.error(StructureChecker.UNEXPECTED_END + ": the custom section's name runs past its end",
                    (int) end);
        }
        ByteSlice payload = section.readSlice(end - section.position());
        module.customSections.add(new CustomSection(name, payload, sectionOffset));
        if (name.equals("name")) NameSectionDecoder.decode(payload, module);
    }

    private void checkCrossSectionCounts() {
        // Checked only after all sections, so that a duplicated or misplaced section is reported as such.
        int functions = module.functionTypes.size();
        if (functions != module.bodies.size()) {
            throw in.error("function and code section have inconsistent lengths: " + functions
                    + " functions declared, "
                    + (sawCodeSection ? module.bodies.size() + " bodies" : "no code section"),
                    sawCodeSection ? codeSectionOffset : in.position());
        }
        int dataSegments = module.datas.size();
        if (module.dataCount >= 0 && module.dataCount != dataSegments) {
            throw in.error("data count and data section have inconsistent lengths: data count section says "
                    + module.dataCount + ", data section has " + (sawDataSection ? dataSegments : "none"));
        }
        if (bodiesUseDataIndex && module.dataCount < 0) {
            throw in.error("data count section required: the code section uses a data segment index",
                    codeSectionOffset);
        }
    }
}
