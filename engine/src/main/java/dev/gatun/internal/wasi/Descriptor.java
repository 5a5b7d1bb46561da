package dev.gatun.internal.wasi;

/** An open file descriptor of the guest: its kind, rights and fdflags. */
abstract sealed class Descriptor permits StreamDescriptor, FileDescriptor, DirectoryDescriptor {
    long rightsBase;
    long rightsInheriting;
    int fdflags;

    Descriptor(long rightsBase, long rightsInheriting) {
        this.rightsBase = rightsBase;
        this.rightsInheriting = rightsInheriting;
    }

    /** The preview1 filetype code. */
    abstract int filetype();

    void close() throws java.io.IOException {}
}
