package dev.gatun.wasi.memfs;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The provider behind {@link MemoryFileSystem}; file systems are made with {@link MemoryFileSystem#create()}. */
final class MemoryFileSystemProvider extends FileSystemProvider {
    private static MemoryStore store(Path path) {
        return MemoryPath.cast(path).fs.store;
    }

    private static MemoryPath absolute(Path path) {
        return (MemoryPath) MemoryPath.cast(path).toAbsolutePath();
    }

    private static boolean follows(Object[] options) {
        return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public String getScheme() {
        return "memory";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        return MemoryFileSystem.create();
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("memory file systems are not registered by URI");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("memory file systems are not registered by URI");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        MemoryPath p = absolute(path);
        MemoryStore store = store(path);
        boolean write = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        boolean read = options.contains(StandardOpenOption.READ) || !write;
        synchronized (store) {
            MemoryStore.Node node;
            try {
                node = store.find(p, follows(options.toArray()));
                if (options.contains(StandardOpenOption.CREATE_NEW)) throw new FileAlreadyExistsException(p.toString());
            } catch (NoSuchFileException e) {
                if (!write || !(options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW))) {
                    throw e;
                }
                node = new MemoryStore.RegularFile();
                store.add(p, node);
            }
            if (node instanceof MemoryStore.Directory) throw new FileSystemException(p.toString(), null, "Is a directory");
            if (node instanceof MemoryStore.Symlink) throw new FileSystemException(p.toString(), null, "Too many levels of symbolic links");
            MemoryStore.RegularFile file = (MemoryStore.RegularFile) node;
            if (write && options.contains(StandardOpenOption.TRUNCATE_EXISTING)) file.size = 0;
            return new MemoryChannel(file, read, write, options.contains(StandardOpenOption.APPEND));
        }
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        MemoryStore store = store(dir);
        List<Path> children = new ArrayList<>();
        synchronized (store) {
            if (!(store.find(absolute(dir), true) instanceof MemoryStore.Directory d)) throw new NotDirectoryException(dir.toString());
            for (String name : d.entries.keySet()) {
                Path child = dir.resolve(name);
                if (filter.accept(child)) children.add(child);
            }
        }
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return children.iterator();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        store(dir).add(absolute(dir), new MemoryStore.Directory());
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        store(link).add(absolute(link), new MemoryStore.Symlink(target.toString()));
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        if (!(store(link).find(absolute(link), false) instanceof MemoryStore.Symlink s)) throw new NotLinkException(link.toString());
        return link.getFileSystem().getPath(s.target);
    }

    @Override
    public void delete(Path path) throws IOException {
        store(path).remove(absolute(path));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) {
        throw new UnsupportedOperationException("copy in a memory file system");
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        List<CopyOption> list = Arrays.asList(options);
        store(source).move(absolute(source), absolute(target),
                list.contains(StandardCopyOption.REPLACE_EXISTING) || list.contains(StandardCopyOption.ATOMIC_MOVE));
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        return store(path).find(absolute(path), true) == store(path2).find(absolute(path2), true);
    }

    @Override
    public boolean isHidden(Path path) {
        return false;
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("file stores");
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        store(path).find(absolute(path), true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) return null;
        boolean follow = follows(options);
        return (V) new BasicFileAttributeView() {
            @Override
            public String name() {
                return "basic";
            }

            @Override
            public BasicFileAttributes readAttributes() throws IOException {
                return attributes(store(path).find(absolute(path), follow));
            }

            @Override
            public void setTimes(FileTime modified, FileTime accessed, FileTime created) throws IOException {
                MemoryStore.Node node = store(path).find(absolute(path), follow);
                if (modified != null) node.modified = modified;
                if (accessed != null) node.accessed = accessed;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        if (type != BasicFileAttributes.class) throw new UnsupportedOperationException(type.getName());
        return (A) attributes(store(path).find(absolute(path), follows(options)));
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) {
        throw new UnsupportedOperationException("attributes by name: " + attributes);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        throw new UnsupportedOperationException("setting " + attribute);
    }

    private static BasicFileAttributes attributes(MemoryStore.Node node) {
        return new BasicFileAttributes() {
            @Override
            public FileTime lastModifiedTime() {
                return node.modified;
            }

            @Override
            public FileTime lastAccessTime() {
                return node.accessed;
            }

            @Override
            public FileTime creationTime() {
                return node.modified;
            }

            @Override
            public boolean isRegularFile() {
                return node instanceof MemoryStore.RegularFile;
            }

            @Override
            public boolean isDirectory() {
                return node instanceof MemoryStore.Directory;
            }

            @Override
            public boolean isSymbolicLink() {
                return node instanceof MemoryStore.Symlink;
            }

            @Override
            public boolean isOther() {
                return false;
            }

            @Override
            public long size() {
                return node instanceof MemoryStore.RegularFile f ? f.size : 0;
            }

            @Override
            public Object fileKey() {
                return node.id;
            }
        };
    }
}
