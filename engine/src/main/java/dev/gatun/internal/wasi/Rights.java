package dev.gatun.internal.wasi;

/** Rights bits of wasi_snapshot_preview1 and the sets given to each kind of descriptor. */
final class Rights {
    private Rights() {}

    static final long FD_DATASYNC = 1L;
    static final long FD_READ = 1L << 1;
    static final long FD_SEEK = 1L << 2;
    static final long FD_FDSTAT_SET_FLAGS = 1L << 3;
    static final long FD_SYNC = 1L << 4;
    static final long FD_TELL = 1L << 5;
    static final long FD_WRITE = 1L << 6;
    static final long FD_ADVISE = 1L << 7;
    static final long FD_ALLOCATE = 1L << 8;
    static final long PATH_CREATE_DIRECTORY = 1L << 9;
    static final long PATH_CREATE_FILE = 1L << 10;
    static final long PATH_LINK_SOURCE = 1L << 11;
    static final long PATH_LINK_TARGET = 1L << 12;
    static final long PATH_OPEN = 1L << 13;
    static final long FD_READDIR = 1L << 14;
    static final long PATH_READLINK = 1L << 15;
    static final long PATH_RENAME_SOURCE = 1L << 16;
    static final long PATH_RENAME_TARGET = 1L << 17;
    static final long PATH_FILESTAT_GET = 1L << 18;
    static final long PATH_FILESTAT_SET_SIZE = 1L << 19;
    static final long PATH_FILESTAT_SET_TIMES = 1L << 20;
    static final long FD_FILESTAT_GET = 1L << 21;
    static final long FD_FILESTAT_SET_TIMES = 1L << 23;
    static final long PATH_SYMLINK = 1L << 24;
    static final long PATH_REMOVE_DIRECTORY = 1L << 25;
    static final long PATH_UNLINK_FILE = 1L << 26;
    static final long FD_FILESTAT_SET_SIZE = 1L << 22;
    static final long POLL_FD_READWRITE = 1L << 27;

    /** Fails with ENOTCAPABLE unless {@code d} holds every right in {@code needed}. */
    static void require(Descriptor d, long needed) {
        if ((d.rightsBase & needed) != needed) throw new WasiError(Errno.NOTCAPABLE);
    }

    /** Every right defined by preview1 (bits 0..29). */
    static final long ALL = (1L << 30) - 1;
    /** What a regular file may do. */
    static final long FILE = FD_DATASYNC | FD_READ | FD_SEEK | FD_FDSTAT_SET_FLAGS | FD_SYNC | FD_TELL | FD_WRITE
            | FD_ADVISE | FD_ALLOCATE | (1L << 21) | FD_FILESTAT_SET_SIZE | (1L << 23) | POLL_FD_READWRITE;
    /** What a directory may do (everything path_* plus readdir, filestat). */
    static final long DIRECTORY = FD_FDSTAT_SET_FLAGS | FD_SYNC | FD_ADVISE | (1L << 9) | (1L << 10) | (1L << 11)
            | (1L << 12) | (1L << 13) | FD_READDIR | (1L << 15) | (1L << 16) | (1L << 17) | (1L << 18) | (1L << 19)
            | (1L << 20) | (1L << 21) | (1L << 23) | (1L << 24) | (1L << 25) | (1L << 26);
    /** Standard streams. */
    static final long STREAM = FD_READ | FD_WRITE | FD_FDSTAT_SET_FLAGS | POLL_FD_READWRITE | (1L << 21);
}
