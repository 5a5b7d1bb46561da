package dev.gatun.wasi.memfs;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The tree of a {@link MemoryFileSystem}: directories, files and symlinks, looked up by absolute path. */
final class MemoryStore {
    /** A node of the tree. */
    abstract static sealed class Node permits Directory, RegularFile, Symlink {
        FileTime modified = FileTime.fromMillis(System.currentTimeMillis());
        FileTime accessed = modified;
        final long id = ++counter;
        private static long counter;
    }

    static final class Directory extends Node {
        final TreeMap<String, Node> entries = new TreeMap<>();
    }

    static final class RegularFile extends Node {
        byte[] content = new byte[0];
        int size;
    }

    static final class Symlink extends Node {
        final String target;

        Symlink(String target) {
            this.target = target;
        }
    }

    private static final int MAX_LINKS = 40;
    final Directory root = new Directory();
    private final MemoryFileSystem fs;

    MemoryStore(MemoryFileSystem fs) {
        this.fs = fs;
    }

    /** The node at {@code path}; intermediate links are followed, the last one only if {@code follow}. */
    synchronized Node find(MemoryPath path, boolean follow) throws IOException {
        return walk(path, follow, new ArrayList<>());
    }

    /** The canonical path: every link followed. */
    synchronized MemoryPath realPath(MemoryPath path) throws IOException {
        List<String> names = new ArrayList<>();
        walk(path, true, names);
        return new MemoryPath(fs, true, names);
    }

    private Node walk(MemoryPath path, boolean follow, List<String> names) throws IOException {
        java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>(path.names);
        List<Directory> stack = new ArrayList<>(List.of(root));
        names.clear();
        Node current = root;
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (!(current instanceof Directory dir)) throw new FileSystemException(path.toString(), null, "Not a directory");
            if (name.equals(".")) continue;
            if (name.equals("..")) {
                if (stack.size() > 1) {
                    stack.removeLast();
                    names.removeLast();
                }
                current = stack.getLast();
                continue;
            }
            Node next = dir.entries.get(name);
            if (next == null) throw new NoSuchFileException(path.toString());
            if (next instanceof Symlink link && (follow || !pending.isEmpty())) {
                if (++links > MAX_LINKS) throw new FileSystemException(path.toString(), null, "Too many levels of symbolic links");
                MemoryPath target = MemoryPath.parse(fs, link.target);
                if (target.absolute) {
                    stack.subList(1, stack.size()).clear();
                    names.clear();
                    current = root;
                }
                for (int i = target.names.size() - 1; i >= 0; i--) pending.addFirst(target.names.get(i));
                continue;
            }
            names.add(name);
            if (next instanceof Directory d) stack.add(d);
            current = next;
        }
        return current;
    }

    synchronized Directory parentOf(MemoryPath path) throws IOException {
        if (path.names.isEmpty()) throw new FileSystemException(path.toString(), null, "Invalid argument");
        Node parent = find((MemoryPath) path.getParent(), true);
        if (!(parent instanceof Directory dir)) throw new NotDirectoryException(path.getParent().toString());
        return dir;
    }

    synchronized void add(MemoryPath path, Node node) throws IOException {
        Directory parent = parentOf(path);
        String name = path.names.getLast();
        if (parent.entries.containsKey(name)) throw new FileAlreadyExistsException(path.toString());
        parent.entries.put(name, node);
    }

    synchronized void remove(MemoryPath path) throws IOException {
        Directory parent = parentOf(path);
        Node node = parent.entries.get(path.names.getLast());
        if (node == null) throw new NoSuchFileException(path.toString());
        if (node instanceof Directory d && !d.entries.isEmpty()) throw new DirectoryNotEmptyException(path.toString());
        parent.entries.remove(path.names.getLast());
    }

    synchronized void move(MemoryPath source, MemoryPath target, boolean replace) throws IOException {
        Directory from = parentOf(source);
        Node node = from.entries.get(source.names.getLast());
        if (node == null) throw new NoSuchFileException(source.toString());
        Directory to = parentOf(target);
        Node existing = to.entries.get(target.names.getLast());
        if (existing != null) {
            if (!replace) throw new FileAlreadyExistsException(target.toString());
            if (existing instanceof Directory d && !d.entries.isEmpty()) throw new DirectoryNotEmptyException(target.toString());
        }
        from.entries.remove(source.names.getLast());
        to.entries.put(target.names.getLast(), node);
    }
}
