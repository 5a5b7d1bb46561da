package dev.gatun.wasi.memfs;

import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;

/**
 * A tiny in-memory NIO file system for tests (directories, files, symlinks, times): just what WASI's
 * preopens use. Not a general implementation: no file stores, watch services or path matchers.
 */
public final class MemoryFileSystem extends FileSystem {
    private final MemoryFileSystemProvider provider = new MemoryFileSystemProvider();
    final MemoryStore store = new MemoryStore(this);

    public static MemoryFileSystem create() {
        return new MemoryFileSystem();
    }

    @Override
    public MemoryFileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {}

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(getPath("/"));
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic");
    }

    @Override
    public Path getPath(String first, String... more) {
        return MemoryPath.parse(this, more.length == 0 ? first : first + "/" + String.join("/", more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        throw new UnsupportedOperationException("path matchers");
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("user principals");
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("watch services");
    }
}
