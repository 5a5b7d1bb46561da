package dev.gatun.internal.wasi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a guest path against a directory descriptor without ever leaving it: the path is walked one
 * component at a time below the descriptor's directory, {@code ..} may not climb above it, absolute paths
 * are refused, and symlinks are read and expanded here (never followed by the host), so their targets get
 * the same checks. Escapes fail with EPERM, as the WASI test suite expects.
 */
final class PathResolver {
    /** Symlink expansions allowed in one resolution before ELOOP (Linux uses 40). */
    static final int MAX_SYMLINKS = 40;

    private PathResolver() {}

    /** A path inside a preopen: its components below the root, and whether the guest wrote a trailing '/'. */
    record Resolved(Path root, List<String> components, boolean trailingSlash) {
        Path hostPath() {
            Path p = root;
            for (String c : components) p = p.resolve(c);
            return p;
        }

        String lastName() {
            return components.isEmpty() ? "." : components.getLast();
        }

        boolean isRoot() {
            return components.isEmpty();
        }
    }

    /**
     * @param followFinal whether a symlink in the last component is followed (intermediate ones always are;
     *                    a trailing slash forces it too)
     */
    static Resolved resolve(DirectoryDescriptor base, String path, boolean followFinal) {
        if (path.isEmpty()) throw new WasiError(Errno.NOENT);
        if (path.indexOf('\0') >= 0) throw new WasiError(Errno.ILSEQ);
        if (path.startsWith("/")) throw new WasiError(Errno.PERM);
        boolean trailingSlash = path.endsWith("/");
        Deque<String> pending = new ArrayDeque<>();
        pushComponents(pending, path);
        List<String> current = new ArrayList<>(base.components);
        int floor = base.components.size(); // a directory descriptor is a capability: nothing above it
        int expansions = 0;
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (name.equals("..")) {
                if (current.size() <= floor) throw new WasiError(Errno.PERM);
                current.removeLast();
                continue;
            }
            current.add(name);
            Path host = hostPath(base.root, current);
            boolean last = pending.isEmpty();
            if ((!last || followFinal || trailingSlash) && Files.isSymbolicLink(host)) {
                if (++expansions > MAX_SYMLINKS) throw new WasiError(Errno.LOOP);
                String target = readLink(host);
                if (target.isEmpty()) throw new WasiError(Errno.NOENT);
                if (target.startsWith("/")) throw new WasiError(Errno.PERM);
                current.removeLast();
                if (target.endsWith("/")) trailingSlash = trailingSlash || last;
                pushComponents(pending, target);
                continue;
            }
            if (!last && Files.exists(host, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                throw new WasiError(Errno.NOTDIR);
            }
        }
        return new Resolved(base.root, List.copyOf(current), trailingSlash);
    }

    /** Pushes the components of {@code path} in front of the pending ones ("." and empty ones dropped). */
    private static void pushComponents(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            String part = parts[i];
            if (part.isEmpty() || part.equals(".")) continue;
            pending.addFirst(part);
        }
    }

    static Path hostPath(Path root, List<String> components) {
        Path p = root;
        for (String c : components) p = p.resolve(c);
        return p;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString().replace(link.getFileSystem().getSeparator(), "/");
        } catch (IOException e) {
            throw new WasiError(Errno.NOENT);
        }
    }
}
