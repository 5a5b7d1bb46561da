package dev.gatun.wasi.memfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;

/** An open regular file of a {@link MemoryFileSystem}. */
final class MemoryChannel implements SeekableByteChannel {
    private final MemoryStore.RegularFile file;
    private final boolean readable;
    private final boolean writable;
    private final boolean append;
    private long position;
    private boolean open = true;

    MemoryChannel(MemoryStore.RegularFile file, boolean readable, boolean writable, boolean append) {
        this.file = file;
        this.readable = readable;
        this.writable = writable;
        this.append = append;
    }

    private void check() throws ClosedChannelException {
        if (!open) throw new ClosedChannelException();
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        check();
        if (!readable) throw new NonReadableChannelException();
        synchronized (file) {
            if (position >= file.size) return -1;
            int n = (int) Math.min(target.remaining(), file.size - position);
            target.put(file.content, (int) position, n);
            position += n;
            return n;
        }
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        check();
        if (!writable) throw new NonWritableChannelException();
        synchronized (file) {
            if (append) position = file.size;
            int n = source.remaining();
            long end = position + n;
            if (end > Integer.MAX_VALUE - 8) throw new IOException("File too large");
            if (end > file.content.length) file.content = Arrays.copyOf(file.content, (int) Math.max(end, file.content.length * 2L));
            source.get(file.content, (int) position, n);
            position = end;
            file.size = (int) Math.max(file.size, end);
            file.modified = FileTime.fromMillis(System.currentTimeMillis());
            return n;
        }
    }

    @Override
    public long position() throws IOException {
        check();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        check();
        if (newPosition < 0) throw new IllegalArgumentException("negative position");
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        check();
        return file.size;
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        check();
        if (!writable) throw new NonWritableChannelException();
        synchronized (file) {
            if (size < file.size) file.size = (int) size;
            if (position > size) position = size;
        }
        return this;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
