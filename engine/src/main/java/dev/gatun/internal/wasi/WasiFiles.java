package dev.gatun.internal.wasi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The fd_* and path_* functions of wasi_snapshot_preview1 over a {@link DescriptorTable}. */
final class WasiFiles {
    static final int FDFLAG_APPEND = 1;
    static final int FDFLAGS_ALL = 0x1f;
    private static final int OFLAG_CREAT = 1;
    private static final int OFLAG_DIRECTORY = 2;
    private static final int OFLAG_EXCL = 4;
    private static final int OFLAG_TRUNC = 8;
    private static final int LOOKUP_SYMLINK_FOLLOW = 1;
    private static final int FST_ATIM = 1;
    private static final int FST_ATIM_NOW = 2;
    private static final int FST_MTIM = 4;
    private static final int FST_MTIM_NOW = 8;

    private final GuestMemory memory;
    private final DescriptorTable table;

    WasiFiles(GuestMemory memory, DescriptorTable table) {
        this.memory = memory;
        this.table = table;
    }

    // ---- reading and writing ----

    int fdRead(int fd, int iovs, int count, int nreadPointer) throws IOException {
        Descriptor d = table.get(fd);
        if (d instanceof DirectoryDescriptor) throw new WasiError(Errno.BADF);
        Rights.require(d, Rights.FD_READ);
        int[] buffers = memory.iovecs(iovs, count);
        long total = 0;
        switch (d) {
            case StreamDescriptor s -> {
                if (s.in == null) throw new WasiError(Errno.BADF);
                for (int i = 0; i < buffers.length; i += 2) {
                    int n = buffers[i + 1] == 0 ? 0 : memory.readFrom(s.in, buffers[i], buffers[i + 1]);
                    if (n <= 0) break;
                    total += n;
                    if (n < buffers[i + 1]) break;
                }
            }
            case FileDescriptor f -> {
                if (!f.readable) throw new WasiError(Errno.BADF);
                total = transfer(f.channel, buffers, false);
            }
            case DirectoryDescriptor dir -> throw new WasiError(Errno.BADF);
        }
        memory.setI32(nreadPointer, (int) total);
        return Errno.SUCCESS;
    }

    int fdWrite(int fd, int iovs, int count, int nwrittenPointer) throws IOException {
        Descriptor d = table.get(fd);
        if (d instanceof DirectoryDescriptor) throw new WasiError(Errno.BADF);
        Rights.require(d, Rights.FD_WRITE);
        int[] buffers = memory.iovecs(iovs, count);
        long total = 0;
        switch (d) {
            case StreamDescriptor s -> {
                if (s.out == null) throw new WasiError(Errno.BADF);
                for (int i = 0; i < buffers.length; i += 2) {
                    memory.writeTo(s.out, buffers[i], buffers[i + 1]);
                    total += buffers[i + 1];
                }
                s.out.flush();
            }
            case FileDescriptor f -> {
                if (!f.writable) throw new WasiError(Errno.BADF);
                if ((f.fdflags & FDFLAG_APPEND) != 0) f.channel.position(f.channel.size());
                total = transfer(f.channel, buffers, true);
            }
            case DirectoryDescriptor dir -> throw new WasiError(Errno.BADF);
        }
        memory.setI32(nwrittenPointer, (int) total);
        return Errno.SUCCESS;
    }

    /** Reads or writes the guest buffers in order at the channel's position; a short read ends it. */
    private long transfer(SeekableByteChannel channel, int[] buffers, boolean write) throws IOException {
        long total = 0;
        for (int i = 0; i < buffers.length; i += 2) {
            ByteBuffer window = memory.window(buffers[i], buffers[i + 1]);
            if (write) {
                while (window.hasRemaining()) total += channel.write(window);
            } else {
                while (window.hasRemaining()) {
                    int n = channel.read(window);
                    if (n <= 0) return total;
                    total += n;
                }
            }
        }
        return total;
    }

    int fdPread(int fd, int iovs, int count, long offset, int nreadPointer) throws IOException {
        FileDescriptor f = positionalFile(fd, offset);
        Rights.require(f, Rights.FD_READ);
        if (!f.readable) throw new WasiError(Errno.BADF);
        int[] buffers = memory.iovecs(iovs, count);
        memory.setI32(nreadPointer, (int) atOffset(f, offset, buffers, false));
        return Errno.SUCCESS;
    }

    int fdPwrite(int fd, int iovs, int count, long offset, int nwrittenPointer) throws IOException {
        FileDescriptor f = positionalFile(fd, offset);
        Rights.require(f, Rights.FD_WRITE);
        if (!f.writable) throw new WasiError(Errno.BADF);
        int[] buffers = memory.iovecs(iovs, count);
        memory.setI32(nwrittenPointer, (int) atOffset(f, offset, buffers, true));
        return Errno.SUCCESS;
    }

    private FileDescriptor positionalFile(int fd, long offset) {
        Descriptor d = table.get(fd);
        if (d instanceof StreamDescriptor) throw new WasiError(Errno.SPIPE);
        if (!(d instanceof FileDescriptor f)) throw new WasiError(Errno.BADF);
        if (offset < 0) throw new WasiError(Errno.INVAL);
        return f;
    }

    /** pread/pwrite: at {@code offset}, leaving the descriptor's position where it was. */
    private long atOffset(FileDescriptor f, long offset, int[] buffers, boolean write) throws IOException {
        long saved = f.channel.position();
        try {
            f.channel.position(offset);
            return transfer(f.channel, buffers, write);
        } finally {
            f.channel.position(saved);
        }
    }

    int fdSeek(int fd, long offset, int whence, int resultPointer) throws IOException {
        Descriptor d = table.get(fd);
        if (d instanceof StreamDescriptor) throw new WasiError(Errno.SPIPE);
        if (!(d instanceof FileDescriptor f)) throw new WasiError(Errno.BADF);
        Rights.require(f, whence == 1 && offset == 0 ? Rights.FD_TELL : Rights.FD_SEEK);
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> f.channel.position();
            case 2 -> f.channel.size();
            default -> throw new WasiError(Errno.INVAL);
        };
        long target = base + offset;
        if (target < 0) throw new WasiError(Errno.INVAL);
        f.channel.position(target);
        memory.setI64(resultPointer, target);
        return Errno.SUCCESS;
    }

    int fdTell(int fd, int resultPointer) throws IOException {
        return fdSeek(fd, 0, 1, resultPointer);
    }

    // ---- descriptor state ----

    int fdClose(int fd) throws IOException {
        table.remove(fd).close();
        return Errno.SUCCESS;
    }

    int fdRenumber(int from, int to) throws IOException {
        Descriptor source = table.get(from);
        Descriptor target = table.get(to);
        if (from == to) return Errno.SUCCESS;
        target.close();
        table.remove(from);
        table.put(to, source);
        return Errno.SUCCESS;
    }

    int fdFdstatGet(int fd, int pointer) {
        Descriptor d = table.get(fd);
        memory.fill(pointer, 24, (byte) 0);
        memory.setU8(pointer, d.filetype());
        memory.setI16(pointer + 2, d.fdflags);
        memory.setI64(pointer + 8, d.rightsBase);
        memory.setI64(pointer + 16, d.rightsInheriting);
        return Errno.SUCCESS;
    }

    int fdFdstatSetFlags(int fd, int flags) {
        Descriptor d = table.get(fd);
        if ((flags & ~FDFLAGS_ALL) != 0) throw new WasiError(Errno.INVAL);
        Rights.require(d, Rights.FD_FDSTAT_SET_FLAGS);
        d.fdflags = flags;
        return Errno.SUCCESS;
    }

    int fdFdstatSetRights(int fd, long base, long inheriting) {
        Descriptor d = table.get(fd);
        if ((base & ~d.rightsBase) != 0 || (inheriting & ~d.rightsInheriting) != 0) {
            throw new WasiError(Errno.NOTCAPABLE);
        }
        d.rightsBase = base;
        d.rightsInheriting = inheriting;
        return Errno.SUCCESS;
    }

    int fdSync(int fd) throws IOException {
        Descriptor d = table.get(fd);
        if (d instanceof FileDescriptor f && f.channel instanceof FileChannel channel && f.writable) channel.force(true);
        return Errno.SUCCESS;
    }

    int fdAdvise(int fd, long offset, long length, int advice) {
        Descriptor d = table.get(fd);
        if (advice < 0 || advice > 5 || offset < 0 || length < 0) throw new WasiError(Errno.INVAL);
        if (!(d instanceof FileDescriptor)) throw new WasiError(Errno.BADF);
        Rights.require(d, Rights.FD_ADVISE);
        return Errno.SUCCESS; // advice only: nothing to do on the JVM
    }

    int fdAllocate(int fd, long offset, long length) throws IOException {
        Descriptor d = table.get(fd);
        if (!(d instanceof FileDescriptor f)) throw new WasiError(Errno.BADF);
        if (offset < 0 || length < 0 || offset + length < 0) throw new WasiError(Errno.INVAL);
        Rights.require(f, Rights.FD_ALLOCATE);
        if (!f.writable) throw new WasiError(Errno.BADF);
        long end = offset + length;
        if (end > f.channel.size()) extend(f.channel, end);
        return Errno.SUCCESS;
    }

    /** Grows a file with zeros to {@code size}, keeping the position. */
    private static void extend(SeekableByteChannel channel, long size) throws IOException {
        long saved = channel.position();
        channel.position(size - 1);
        channel.write(ByteBuffer.wrap(new byte[1]));
        channel.position(saved);
    }

    int fdFilestatGet(int fd, int pointer) throws IOException {
        Descriptor d = table.get(fd);
        Rights.require(d, Rights.FD_FILESTAT_GET);
        switch (d) {
            case StreamDescriptor s -> {
                memory.fill(pointer, FileStats.SIZE, (byte) 0);
                memory.setU8(pointer + 16, FileType.CHARACTER_DEVICE);
            }
            case FileDescriptor f -> {
                FileStats.write(memory, pointer, f.hostPath);
                memory.setI64(pointer + 32, f.channel.size()); // the open file's size, even if renamed meanwhile
            }
            case DirectoryDescriptor dir -> FileStats.write(memory, pointer, dir.hostPath());
        }
        return Errno.SUCCESS;
    }

    int fdFilestatSetSize(int fd, long size) throws IOException {
        Descriptor d = table.get(fd);
        if (!(d instanceof FileDescriptor f)) throw new WasiError(Errno.BADF);
        if (size < 0) throw new WasiError(Errno.INVAL);
        Rights.require(f, Rights.FD_FILESTAT_SET_SIZE);
        if (!f.writable) throw new WasiError(Errno.BADF);
        long current = f.channel.size();
        if (size < current) f.channel.truncate(size);
        else if (size > current) extend(f.channel, size);
        return Errno.SUCCESS;
    }

    int fdFilestatSetTimes(int fd, long atim, long mtim, int flags) throws IOException {
        Descriptor d = table.get(fd);
        Path path = switch (d) {
            case FileDescriptor f -> f.hostPath;
            case DirectoryDescriptor dir -> dir.hostPath();
            case StreamDescriptor s -> throw new WasiError(Errno.BADF);
        };
        Rights.require(d, Rights.FD_FILESTAT_SET_TIMES);
        setTimes(path, atim, mtim, flags);
        return Errno.SUCCESS;
    }

    private static void setTimes(Path path, long atim, long mtim, int flags) throws IOException {
        if ((flags & ~0xf) != 0) throw new WasiError(Errno.INVAL);
        if ((flags & FST_ATIM) != 0 && (flags & FST_ATIM_NOW) != 0) throw new WasiError(Errno.INVAL);
        if ((flags & FST_MTIM) != 0 && (flags & FST_MTIM_NOW) != 0) throw new WasiError(Errno.INVAL);
        FileTime now = FileTime.from(java.time.Instant.now());
        FileTime access = (flags & FST_ATIM_NOW) != 0 ? now
                : (flags & FST_ATIM) != 0 ? FileTime.from(atim, TimeUnit.NANOSECONDS) : null;
        FileTime modified = (flags & FST_MTIM_NOW) != 0 ? now
                : (flags & FST_MTIM) != 0 ? FileTime.from(mtim, TimeUnit.NANOSECONDS) : null;
        if (access == null && modified == null) return;
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(modified, access, null);
    }

    // ---- preopens and directories ----

    int fdPrestatGet(int fd, int pointer) {
        if (!(table.get(fd) instanceof DirectoryDescriptor dir) || dir.preopenName == null) {
            throw new WasiError(Errno.BADF);
        }
        memory.setI32(pointer, 0); // tag: dir (and padding)
        memory.setI32(pointer + 4, utf8(dir.preopenName).length);
        return Errno.SUCCESS;
    }

    int fdPrestatDirName(int fd, int pointer, int length) {
        if (!(table.get(fd) instanceof DirectoryDescriptor dir) || dir.preopenName == null) {
            throw new WasiError(Errno.BADF);
        }
        byte[] name = utf8(dir.preopenName);
        if (Integer.toUnsignedLong(length) < name.length) throw new WasiError(Errno.NAMETOOLONG);
        memory.write(pointer, name, 0, name.length);
        return Errno.SUCCESS;
    }

    int fdReaddir(int fd, int buffer, int length, long cookie, int usedPointer) throws IOException {
        DirectoryDescriptor dir = table.get(fd, DirectoryDescriptor.class, Errno.NOTDIR);
        Rights.require(dir, Rights.FD_READDIR);
        Path host = dir.hostPath();
        List<String> names = new ArrayList<>(List.of(".", ".."));
        try (Stream<Path> entries = Files.list(host)) {
            entries.map(p -> p.getFileName().toString()).sorted().forEach(names::add);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long capacity = Integer.toUnsignedLong(length);
        for (long i = Math.max(0, cookie); i < names.size() && out.size() < capacity; i++) {
            String name = names.get((int) i);
            Path entry = name.equals(".") ? host : name.equals("..") ? (dir.components.isEmpty() ? host : host.getParent())
                    : host.resolve(name);
            byte[] nameBytes = utf8(name);
            ByteBuffer header = ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            header.putLong(i + 1).putLong(FileStats.inode(entry)).putInt(nameBytes.length)
                    .put((byte) FileStats.filetype(entry));
            out.write(header.array());
            out.write(nameBytes);
        }
        byte[] bytes = out.toByteArray();
        int used = (int) Math.min(bytes.length, capacity);
        memory.write(buffer, bytes, 0, used);
        memory.setI32(usedPointer, used);
        return Errno.SUCCESS;
    }

    // ---- path operations ----

    /** The directory {@code fd}, which must hold {@code needed} rights. */
    private DirectoryDescriptor directory(int fd, long needed) {
        DirectoryDescriptor dir = table.get(fd, DirectoryDescriptor.class, Errno.NOTDIR);
        Rights.require(dir, needed);
        return dir;
    }

    private static void checkWritable(DirectoryDescriptor dir) {
        if (dir.readOnly) throw new WasiError(Errno.NOTCAPABLE);
    }

    int pathOpen(int fd, int lookupFlags, String path, int oflags, long rightsBase, long rightsInheriting, int fdflags,
                 int fdPointer) throws IOException {
        DirectoryDescriptor dir = directory(fd, Rights.PATH_OPEN);
        if ((oflags & ~0xf) != 0 || (fdflags & ~FDFLAGS_ALL) != 0) throw new WasiError(Errno.INVAL);
        boolean create = (oflags & OFLAG_CREAT) != 0;
        boolean exclusive = (oflags & OFLAG_EXCL) != 0;
        boolean truncate = (oflags & OFLAG_TRUNC) != 0;
        boolean wantDirectory = (oflags & OFLAG_DIRECTORY) != 0;
        if (create) Rights.require(dir, Rights.PATH_CREATE_FILE);
        if (truncate) Rights.require(dir, Rights.PATH_FILESTAT_SET_SIZE);
        PathResolver.Resolved resolved = PathResolver.resolve(dir, path, (lookupFlags & LOOKUP_SYMLINK_FOLLOW) != 0);
        Path host = resolved.hostPath();
        boolean exists = Files.exists(host, LinkOption.NOFOLLOW_LINKS);
        if (exists && create && exclusive) throw new WasiError(Errno.EXIST);
        if (exists && Files.isSymbolicLink(host)) throw new WasiError(Errno.LOOP); // a final link not followed
        boolean isDirectory = exists && Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS);
        if (exists && !isDirectory && (wantDirectory || resolved.trailingSlash())) throw new WasiError(Errno.NOTDIR);
        boolean writeRights = (rightsBase & (Rights.FD_WRITE | Rights.FD_DATASYNC | Rights.FD_ALLOCATE
                | Rights.FD_FILESTAT_SET_SIZE)) != 0;
        if (isDirectory) {
            if (truncate || (create && exclusive)) throw new WasiError(Errno.ISDIR);
            if ((rightsBase & Rights.FD_WRITE) != 0) throw new WasiError(Errno.ISDIR);
            if (!staysInside(resolved.root(), host)) throw new WasiError(Errno.PERM);
            DirectoryDescriptor opened = new DirectoryDescriptor(dir.root, dir.readOnly, resolved.components(), null,
                    rightsBase & dir.rightsInheriting & Rights.DIRECTORY, rightsInheriting & dir.rightsInheriting);
            opened.fdflags = fdflags;
            memory.setI32(fdPointer, table.add(opened));
            return Errno.SUCCESS;
        }
        if (!exists && (wantDirectory || !create)) throw new WasiError(Errno.NOENT);
        if (!exists && resolved.trailingSlash()) throw new WasiError(Errno.ISDIR);
        boolean readable = (rightsBase & (Rights.FD_READ | Rights.FD_READDIR)) != 0 || !writeRights;
        boolean writable = writeRights;
        if ((writable || truncate || (create && !exists)) && dir.readOnly) throw new WasiError(Errno.NOTCAPABLE);
        Set<OpenOption> options = new HashSet<>();
        options.add(LinkOption.NOFOLLOW_LINKS);
        if (readable) options.add(StandardOpenOption.READ);
        if (writable || truncate) options.add(StandardOpenOption.WRITE);
        if (create) options.add(exclusive ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        if (truncate) options.add(StandardOpenOption.TRUNCATE_EXISTING);
        if (create && !options.contains(StandardOpenOption.WRITE)) options.add(StandardOpenOption.WRITE);
        SeekableByteChannel channel = openChannel(host, options);
        if (!staysInside(resolved.root(), host)) {
            channel.close();
            throw new WasiError(Errno.PERM);
        }
        FileDescriptor opened = new FileDescriptor(channel, host, readable, writable,
                rightsBase & dir.rightsInheriting & Rights.FILE, rightsInheriting & dir.rightsInheriting);
        opened.fdflags = fdflags;
        memory.setI32(fdPointer, table.add(opened));
        return Errno.SUCCESS;
    }

    /** Opens without following a final symlink, on file systems that take that option (zipfs does not). */
    private static SeekableByteChannel openChannel(Path host, Set<OpenOption> options) throws IOException {
        try {
            return Files.newByteChannel(host, options);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            if (!options.remove(LinkOption.NOFOLLOW_LINKS)) throw e;
            return Files.newByteChannel(host, options);
        }
    }

    /**
     * Checked after opening: if a directory on the way was swapped for a symlink between resolving and
     * opening, the real location of what was opened is outside the root and the open is undone.
     */
    /**
     * Before acting on a resolved path: the directory that holds it must really be inside the root (a
     * directory on the way may have been swapped for a symlink since resolution).
     */
    private static PathResolver.Resolved inside(PathResolver.Resolved resolved) {
        Path holder = resolved.isRoot() ? resolved.root() : resolved.hostPath().getParent();
        if (Files.exists(holder, LinkOption.NOFOLLOW_LINKS) && !staysInside(resolved.root(), holder)) {
            throw new WasiError(Errno.PERM);
        }
        return resolved;
    }

    private static boolean staysInside(Path root, Path opened) {
        try {
            return opened.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    int pathCreateDirectory(int fd, String path) throws IOException {
        DirectoryDescriptor dir = directory(fd, Rights.PATH_CREATE_DIRECTORY);
        PathResolver.Resolved resolved = inside(PathResolver.resolve(dir, path, false));
        checkWritable(dir);
        if (resolved.isRoot()) throw new WasiError(Errno.EXIST);
        Files.createDirectory(resolved.hostPath());
        return Errno.SUCCESS;
    }

    int pathRemoveDirectory(int fd, String path) throws IOException {
        DirectoryDescriptor dir = directory(fd, Rights.PATH_REMOVE_DIRECTORY);
        PathResolver.Resolved resolved = inside(PathResolver.resolve(dir, path, false));
        checkWritable(dir);
        Path host = resolved.hostPath();
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) throw new WasiError(Errno.NOENT);
        if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) throw new WasiError(Errno.NOTDIR);
        if (resolved.isRoot()) throw new WasiError(Errno.PERM);
        Files.delete(host);
        return Errno.SUCCESS;
    }

    int pathUnlinkFile(int fd, String path) throws IOException {
        DirectoryDescriptor dir = directory(fd, Rights.PATH_UNLINK_FILE);
        PathResolver.Resolved resolved = inside(PathResolver.resolve(dir, path, false));
        checkWritable(dir);
        Path host = resolved.hostPath();
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) throw new WasiError(Errno.NOENT);
        if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) throw new WasiError(Errno.ISDIR);
        if (resolved.trailingSlash()) throw new WasiError(Errno.NOTDIR);
        Files.delete(host);
        return Errno.SUCCESS;
    }

    int pathRename(int fd, String oldPath, int newFd, String newPath) throws IOException {
        DirectoryDescriptor oldDir = directory(fd, Rights.PATH_RENAME_SOURCE);
        DirectoryDescriptor newDir = directory(newFd, Rights.PATH_RENAME_TARGET);
        PathResolver.Resolved from = inside(PathResolver.resolve(oldDir, oldPath, false));
        PathResolver.Resolved to = inside(PathResolver.resolve(newDir, newPath, false));
        checkWritable(oldDir);
        checkWritable(newDir);
        if (!from.root().equals(to.root())) throw new WasiError(Errno.XDEV);
        Path source = from.hostPath();
        Path target = to.hostPath();
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) throw new WasiError(Errno.NOENT);
        boolean sourceIsDirectory = Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS);
        if (!sourceIsDirectory && (from.trailingSlash() || to.trailingSlash())) throw new WasiError(Errno.NOTDIR);
        if (from.isRoot() || to.isRoot()) throw new WasiError(Errno.BUSY);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            boolean targetIsDirectory = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
            if (sourceIsDirectory && !targetIsDirectory) throw new WasiError(Errno.NOTDIR);
            if (!sourceIsDirectory && targetIsDirectory) throw new WasiError(Errno.ISDIR);
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsupportedOperationException | java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return Errno.SUCCESS;
    }

    int pathLink(int oldFd, int oldFlags, String oldPath, int newFd, String newPath) throws IOException {
        DirectoryDescriptor oldDir = directory(oldFd, Rights.PATH_LINK_SOURCE);
        DirectoryDescriptor newDir = directory(newFd, Rights.PATH_LINK_TARGET);
        PathResolver.Resolved from = inside(PathResolver.resolve(oldDir, oldPath, (oldFlags & LOOKUP_SYMLINK_FOLLOW) != 0));
        PathResolver.Resolved to = inside(PathResolver.resolve(newDir, newPath, false));
        checkWritable(newDir);
        if (!from.root().equals(to.root())) throw new WasiError(Errno.XDEV);
        Path source = from.hostPath();
        Path target = to.hostPath();
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) throw new WasiError(Errno.NOENT);
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) throw new WasiError(Errno.PERM);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new WasiError(Errno.EXIST);
        if (from.trailingSlash() || to.trailingSlash()) throw new WasiError(Errno.NOENT);
        Files.createLink(target, source);
        return Errno.SUCCESS;
    }

    int pathSymlink(String targetText, int fd, String newPath) throws IOException {
        DirectoryDescriptor dir = directory(fd, Rights.PATH_SYMLINK);
        PathResolver.Resolved link = inside(PathResolver.resolve(dir, newPath, false));
        checkWritable(dir);
        if (targetText.isEmpty()) throw new WasiError(Errno.NOENT);
        if (targetText.startsWith("/")) throw new WasiError(Errno.PERM);
        Path host = link.hostPath();
        if (Files.exists(host, LinkOption.NOFOLLOW_LINKS)) throw new WasiError(Errno.EXIST);
        if (link.trailingSlash()) throw new WasiError(Errno.NOENT);
        Files.createSymbolicLink(host, host.getFileSystem().getPath(targetText));
        return Errno.SUCCESS;
    }

    int pathReadlink(int fd, String path, int buffer, int length, int usedPointer) throws IOException {
        DirectoryDescriptor dir = directory(fd, Rights.PATH_READLINK);
        PathResolver.Resolved link = inside(PathResolver.resolve(dir, path, false));
        Path host = link.hostPath();
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) throw new WasiError(Errno.NOENT);
        if (!Files.isSymbolicLink(host)) throw new WasiError(Errno.INVAL);
        byte[] target = utf8(Files.readSymbolicLink(host).toString());
        int used = (int) Math.min(target.length, Integer.toUnsignedLong(length));
        memory.write(buffer, target, 0, used);
        memory.setI32(usedPointer, used);
        return Errno.SUCCESS;
    }

    int pathFilestatGet(int fd, int lookupFlags, String path, int pointer) throws IOException {
        DirectoryDescriptor dir = directory(fd, Rights.PATH_FILESTAT_GET);
        PathResolver.Resolved resolved = inside(PathResolver.resolve(dir, path, (lookupFlags & LOOKUP_SYMLINK_FOLLOW) != 0));
        Path host = resolved.hostPath();
        if (resolved.trailingSlash() && Files.exists(host, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            throw new WasiError(Errno.NOTDIR);
        }
        FileStats.write(memory, pointer, host);
        return Errno.SUCCESS;
    }

    int pathFilestatSetTimes(int fd, int lookupFlags, String path, long atim, long mtim, int flags)
            throws IOException {
        DirectoryDescriptor dir = directory(fd, Rights.PATH_FILESTAT_SET_TIMES);
        PathResolver.Resolved resolved = inside(PathResolver.resolve(dir, path, (lookupFlags & LOOKUP_SYMLINK_FOLLOW) != 0));
        checkWritable(dir);
        Path host = resolved.hostPath();
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) throw new WasiError(Errno.NOENT);
        setTimes(host, atim, mtim, flags);
        return Errno.SUCCESS;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
