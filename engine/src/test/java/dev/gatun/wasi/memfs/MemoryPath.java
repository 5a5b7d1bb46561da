package dev.gatun.wasi.memfs;

import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;

/** A path of {@link MemoryFileSystem}: '/'-separated names, absolute or relative. */
final class MemoryPath implements Path {
    final MemoryFileSystem fs;
    final boolean absolute;
    final List<String> names;

    MemoryPath(MemoryFileSystem fs, boolean absolute, List<String> names) {
        this.fs = fs;
        this.absolute = absolute;
        this.names = List.copyOf(names);
    }

    static MemoryPath parse(MemoryFileSystem fs, String text) {
        List<String> names = new ArrayList<>();
        for (String part : text.split("/")) if (!part.isEmpty()) names.add(part);
        return new MemoryPath(fs, text.startsWith("/"), names);
    }

    static MemoryPath cast(Path path) {
        if (path instanceof MemoryPath p) return p;
        throw new ProviderMismatchException();
    }

    @Override
    public MemoryFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return absolute;
    }

    @Override
    public Path getRoot() {
        return absolute ? new MemoryPath(fs, true, List.of()) : null;
    }

    @Override
    public Path getFileName() {
        return names.isEmpty() ? null : new MemoryPath(fs, false, List.of(names.getLast()));
    }

    @Override
    public Path getParent() {
        if (names.isEmpty() || (!absolute && names.size() == 1)) return absolute && !names.isEmpty() ? getRoot() : null;
        return new MemoryPath(fs, absolute, names.subList(0, names.size() - 1));
    }

    @Override
    public int getNameCount() {
        return names.size();
    }

    @Override
    public Path getName(int index) {
        return new MemoryPath(fs, false, List.of(names.get(index)));
    }

    @Override
    public Path subpath(int begin, int end) {
        return new MemoryPath(fs, false, names.subList(begin, end));
    }

    @Override
    public boolean startsWith(Path other) {
        MemoryPath o = cast(other);
        return o.absolute == absolute && o.names.size() <= names.size() && names.subList(0, o.names.size()).equals(o.names);
    }

    @Override
    public boolean endsWith(Path other) {
        MemoryPath o = cast(other);
        if (o.absolute) return equals(o);
        return o.names.size() <= names.size() && names.subList(names.size() - o.names.size(), names.size()).equals(o.names);
    }

    @Override
    public Path normalize() {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.equals(".")) continue;
            if (n.equals("..") && !out.isEmpty() && !out.getLast().equals("..")) out.removeLast();
            else if (!(n.equals("..") && absolute)) out.add(n);
        }
        return new MemoryPath(fs, absolute, out);
    }

    @Override
    public Path resolve(Path other) {
        MemoryPath o = cast(other);
        if (o.absolute) return o;
        List<String> joined = new ArrayList<>(names);
        joined.addAll(o.names);
        return new MemoryPath(fs, absolute, joined);
    }

    @Override
    public Path relativize(Path other) {
        MemoryPath o = cast(other);
        int common = 0;
        while (common < names.size() && common < o.names.size() && names.get(common).equals(o.names.get(common))) common++;
        List<String> out = new ArrayList<>();
        for (int i = common; i < names.size(); i++) out.add("..");
        out.addAll(o.names.subList(common, o.names.size()));
        return new MemoryPath(fs, false, out);
    }

    @Override
    public URI toUri() {
        return URI.create("memory:" + toAbsolutePath());
    }

    @Override
    public Path toAbsolutePath() {
        return absolute ? this : new MemoryPath(fs, true, names);
    }

    @Override
    public Path toRealPath(LinkOption... options) throws java.io.IOException {
        return fs.store.realPath((MemoryPath) toAbsolutePath());
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("watching a memory file system");
    }

    @Override
    public int compareTo(Path other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryPath p && p.fs == fs && p.absolute == absolute && p.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + (absolute ? 1 : 0);
    }

    @Override
    public String toString() {
        return (absolute ? "/" : "") + String.join("/", names);
    }
}
