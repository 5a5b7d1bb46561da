package dev.gatun.internal.wasi;

import java.util.TreeMap;

/** The guest's file descriptor numbers; new descriptors take the lowest free number. */
final class DescriptorTable {
    private static final int MAX_OPEN = 1024;
    private final TreeMap<Integer, Descriptor> open = new TreeMap<>();

    Descriptor get(int fd) {
        Descriptor d = open.get(fd);
        if (d == null) throw new WasiError(Errno.BADF);
        return d;
    }

    <T extends Descriptor> T get(int fd, Class<T> kind, int errnoIfOtherKind) {
        Descriptor d = get(fd);
        if (!kind.isInstance(d)) throw new WasiError(errnoIfOtherKind);
        return kind.cast(d);
    }

    int add(Descriptor d) {
        if (open.size() >= MAX_OPEN) throw new WasiError(33); // EMFILE
        int fd = 0;
        while (open.containsKey(fd)) fd++;
        open.put(fd, d);
        return fd;
    }

    void put(int fd, Descriptor d) {
        open.put(fd, d);
    }

    Descriptor remove(int fd) {
        Descriptor d = open.remove(fd);
        if (d == null) throw new WasiError(Errno.BADF);
        return d;
    }

    Iterable<Descriptor> all() {
        return open.values();
    }
}
