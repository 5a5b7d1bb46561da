package dev.gatun.internal.wasi;

import java.io.InputStream;
import java.io.OutputStream;

/** stdin, stdout or stderr: a host stream, not seekable. */
final class StreamDescriptor extends Descriptor {
    final InputStream in;
    final OutputStream out;

    StreamDescriptor(InputStream in, OutputStream out) {
        super(Rights.STREAM, 0);
        this.in = in;
        this.out = out;
    }

    @Override
    int filetype() {
        return FileType.CHARACTER_DEVICE;
    }
}
