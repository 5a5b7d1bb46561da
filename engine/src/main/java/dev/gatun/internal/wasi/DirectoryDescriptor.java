package dev.gatun.internal.wasi;

import java.nio.file.Path;
import java.util.List;

/**
 * An open directory: the preopen it lies in (its confinement root) and its place below that root as
 * already-resolved path components. {@code preopenName} is set only for the preopened directory itself.
 */
final class DirectoryDescriptor extends Descriptor {
    final Path root;
    final boolean readOnly;
    final List<String> components;
    final String preopenName;

    DirectoryDescriptor(Path root, boolean readOnly, List<String> components, String preopenName, long rightsBase,
                        long rightsInheriting) {
        super(rightsBase, rightsInheriting);
        this.root = root;
        this.readOnly = readOnly;
        this.components = List.copyOf(components);
        this.preopenName = preopenName;
    }

    Path hostPath() {
        Path p = root;
        for (String c : components) p = p.resolve(c);
        return p;
    }

    @Override
    int filetype() {
        return FileType.DIRECTORY;
    }
}
