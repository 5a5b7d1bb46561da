package dev.gatun.internal.wasi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads host file metadata into preview1's {@code filestat} (64 bytes) and filetypes. */
final class FileStats {
    private FileStats() {}

    static final int SIZE = 64;

    /** Metadata of {@code path} itself (symlinks are not followed: callers resolved them already). */
    static void write(GuestMemory memory, int pointer, Path path) throws IOException {
        BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        long dev = 0;
        long ino = basic.fileKey() == null ? 0 : basic.fileKey().hashCode() & 0xffffffffL;
        long nlink = 1;
        long ctim = nanos(basic.lastModifiedTime());
        Map<String, Object> unix = unixAttributes(path, "unix:dev,ino,nlink,ctime");
        if (unix != null) {
            dev = ((Number) unix.get("dev")).longValue();
            ino = ((Number) unix.get("ino")).longValue();
            nlink = ((Number) unix.get("nlink")).longValue();
            ctim = nanos((FileTime) unix.get("ctime"));
        }
        memory.fill(pointer, SIZE, (byte) 0);
        memory.setI64(pointer, dev);
        memory.setI64(pointer + 8, ino);
        memory.setU8(pointer + 16, filetype(basic));
        memory.setI64(pointer + 24, nlink);
        memory.setI64(pointer + 32, basic.size());
        memory.setI64(pointer + 40, nanos(basic.lastAccessTime()));
        memory.setI64(pointer + 48, nanos(basic.lastModifiedTime()));
        memory.setI64(pointer + 56, ctim);
    }

    /** The inode number where the file system has one (for readdir entries), else 0. */
    static long inode(Path path) {
        Map<String, Object> unix = unixAttributes(path, "unix:ino");
        return unix == null ? 0 : ((Number) unix.get("ino")).longValue();
    }

    static int filetype(Path path) {
        try {
            return filetype(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return FileType.UNKNOWN;
        }
    }

    static int filetype(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) return FileType.SYMBOLIC_LINK;
        if (attributes.isDirectory()) return FileType.DIRECTORY;
        if (attributes.isRegularFile()) return FileType.REGULAR_FILE;
        return FileType.UNKNOWN;
    }

    private static Map<String, Object> unixAttributes(Path path, String names) {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("unix")) return null;
        try {
            return Files.readAttributes(path, names, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    static long nanos(FileTime time) {
        return time == null ? 0 : time.to(TimeUnit.NANOSECONDS);
    }
}
