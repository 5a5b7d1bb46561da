package dev.gatun.internal.wasi;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;

/** An open regular file: a channel on the host file system, with its host path for metadata calls. */
final class FileDescriptor extends Descriptor {
    final SeekableByteChannel channel;
    final Path hostPath;
    final boolean readable;
    final boolean writable;

    FileDescriptor(SeekableByteChannel channel, Path hostPath, boolean readable, boolean writable, long rightsBase,
                   long rightsInheriting) {
        super(rightsBase, rightsInheriting);
        this.channel = channel;
        this.hostPath = hostPath;
        this.readable = readable;
        this.writable = writable;
    }

    @Override
    int filetype() {
        return FileType.REGULAR_FILE;
    }

    @Override
    void close() throws IOException {
        channel.close();
    }
}
