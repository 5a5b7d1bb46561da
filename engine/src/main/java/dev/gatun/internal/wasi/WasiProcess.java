package dev.gatun.internal.wasi;

import dev.gatun.wasi.WasiConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** args, environ, clocks, random, scheduling, poll_oneoff and the socket stubs of preview1. */
final class WasiProcess {
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int CLOCK_PROCESS_CPUTIME = 2;
    private static final int CLOCK_THREAD_CPUTIME = 3;

    private final GuestMemory memory;
    private final DescriptorTable table;
    private final List<byte[]> args = new ArrayList<>();
    private final List<byte[]> environment = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    /** Monotonic clock origin, so that guest times start small and positive. */
    private final long monotonicOrigin = System.nanoTime() - 1;

    WasiProcess(GuestMemory memory, WasiConfig config, DescriptorTable table) {
        this.memory = memory;
        this.table = table;
        for (String arg : config.args()) args.add(WasiFiles.utf8(arg));
        for (Map.Entry<String, String> e : config.env().entrySet()) {
            environment.add(WasiFiles.utf8(e.getKey() + "=" + e.getValue()));
        }
    }

    int argsSizesGet(int countPointer, int sizePointer) {
        return sizes(args, countPointer, sizePointer);
    }

    int argsGet(int pointers, int buffer) {
        return strings(args, pointers, buffer);
    }

    int environSizesGet(int countPointer, int sizePointer) {
        return sizes(environment, countPointer, sizePointer);
    }

    int environGet(int pointers, int buffer) {
        return strings(environment, pointers, buffer);
    }

    private int sizes(List<byte[]> values, int countPointer, int sizePointer) {
        int total = 0;
        for (byte[] v : values) total += v.length + 1;
        memory.setI32(countPointer, values.size());
        memory.setI32(sizePointer, total);
        return Errno.SUCCESS;
    }

    /** Writes NUL-terminated strings to {@code buffer} and their addresses to {@code pointers}. */
    private int strings(List<byte[]> values, int pointers, int buffer) {
        int at = buffer;
        for (int k = 0; k < values.size(); k++) {
            byte[] v = values.get(k);
            memory.setI32(pointers + 4 * k, at);
            memory.write(at, v, 0, v.length);
            memory.setU8(at + v.length, 0);
            at += v.length + 1;
        }
        return Errno.SUCCESS;
    }

    int clockResGet(int clock, int resultPointer) {
        long resolution = switch (clock) {
            case CLOCK_REALTIME -> 1_000;
            case CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME, CLOCK_THREAD_CPUTIME -> 1;
            default -> throw new WasiError(Errno.INVAL);
        };
        memory.setI64(resultPointer, resolution);
        return Errno.SUCCESS;
    }

    int clockTimeGet(int clock, int resultPointer) {
        memory.setI64(resultPointer, now(clock));
        return Errno.SUCCESS;
    }

    private long now(int clock) {
        return switch (clock) {
            case CLOCK_REALTIME -> {
                Instant t = Instant.now();
                yield t.getEpochSecond() * 1_000_000_000L + t.getNano();
            }
            case CLOCK_MONOTONIC -> System.nanoTime() - monotonicOrigin;
            case CLOCK_PROCESS_CPUTIME -> ProcessHandle.current().info().totalCpuDuration()
                    .map(java.time.Duration::toNanos).orElseThrow(() -> new WasiError(Errno.NOTSUP));
            case CLOCK_THREAD_CPUTIME -> {
                var threads = ManagementFactory.getThreadMXBean();
                if (!threads.isCurrentThreadCpuTimeSupported()) throw new WasiError(Errno.NOTSUP);
                yield threads.getCurrentThreadCpuTime();
            }
            default -> throw new WasiError(Errno.INVAL);
        };
    }

    int randomGet(int buffer, int length) {
        long remaining = Integer.toUnsignedLong(length);
        memory.window(buffer, length); // bounds first: nothing is written on EFAULT
        byte[] bytes = new byte[(int) Math.min(remaining, 1 << 16)];
        int at = buffer;
        while (remaining > 0) {
            int n = (int) Math.min(remaining, bytes.length);
            random.nextBytes(bytes);
            memory.write(at, bytes, 0, n);
            at += n;
            remaining -= n;
        }
        return Errno.SUCCESS;
    }

    int schedYield() {
        Thread.yield();
        return Errno.SUCCESS;
    }

    /** Signals are not delivered to WASI guests on this engine. */
    int procRaise(int signal) {
        return Errno.NOSYS;
    }

    /** No descriptor here is a socket: BADF for an unknown fd, NOTSOCK otherwise. */
    int notASocket(int fd) {
        table.get(fd);
        return Errno.NOTSOCK;
    }

    private static final int SUBSCRIPTION_SIZE = 48;
    private static final int EVENT_SIZE = 32;
    private static final int EVENTTYPE_CLOCK = 0;
    private static final int SUBCLOCK_ABSTIME = 1;

    /**
     * Clock subscriptions wait; fd subscriptions are always ready (files and host streams do not block
     * in a way the JVM can poll). With any fd ready, no clock waits.
     */
    int pollOneoff(int in, int out, int count, int neventsPointer) throws IOException {
        if (count <= 0) throw new WasiError(Errno.INVAL);
        if (count > 4096) throw new WasiError(Errno.INVAL);
        int events = 0;
        long earliestDeadline = Long.MAX_VALUE;
        long now = System.nanoTime();
        for (int k = 0; k < count; k++) {
            int s = in + k * SUBSCRIPTION_SIZE;
            if (memory.u8(s + 8) != EVENTTYPE_CLOCK) {
                events++;
                continue;
            }
            int clock = memory.i32(s + 16);
            long timeout = memory.i64(s + 24);
            boolean absolute = (memory.u16(s + 40) & SUBCLOCK_ABSTIME) != 0;
            long relative = absolute ? timeout - now(clock) : timeout;
            if (clock < 0 || clock > CLOCK_THREAD_CPUTIME) relative = 0;
            long deadline = now + Math.max(0, relative);
            earliestDeadline = Math.min(earliestDeadline, deadline);
        }
        if (events == 0 && earliestDeadline != Long.MAX_VALUE) {
            long wait = earliestDeadline - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WasiError(27); // EINTR
                }
            }
        }
        int written = 0;
        long after = System.nanoTime();
        for (int k = 0; k < count; k++) {
            int s = in + k * SUBSCRIPTION_SIZE;
            int type = memory.u8(s + 8);
            int e = out + written * EVENT_SIZE;
            if (type == EVENTTYPE_CLOCK) {
                if (events > 0) continue;
                int clock = memory.i32(s + 16);
                long timeout = memory.i64(s + 24);
                boolean absolute = (memory.u16(s + 40) & SUBCLOCK_ABSTIME) != 0;
                long relative = absolute ? timeout - now(clock) : timeout - (after - now);
                if (relative > 0 && clock >= 0 && clock <= CLOCK_THREAD_CPUTIME) continue;
                writeEvent(e, memory.i64(s), clock < 0 || clock > CLOCK_THREAD_CPUTIME ? Errno.INVAL : 0, type, 0);
            } else if (type == 1 || type == 2) {
                int fd = memory.i32(s + 16);
                int error = Errno.SUCCESS;
                long bytes = 0;
                try {
                    Descriptor d = table.get(fd);
                    if (d instanceof StreamDescriptor stream && type == 1 && stream.in != null) {
                        bytes = stream.in.available();
                    } else if (d instanceof FileDescriptor file && type == 1) {
                        bytes = Math.max(0, file.channel.size() - file.channel.position());
                    } else if (d instanceof DirectoryDescriptor) {
                        error = Errno.BADF;
                    }
                } catch (WasiError x) {
                    error = x.errno;
                }
                writeEvent(e, memory.i64(s), error, type, bytes);
            } else {
                writeEvent(e, memory.i64(s), Errno.INVAL, type, 0);
            }
            written++;
        }
        memory.setI32(neventsPointer, written);
        return Errno.SUCCESS;
    }

    private void writeEvent(int pointer, long userdata, int error, int type, long bytes) {
        memory.fill(pointer, EVENT_SIZE, (byte) 0);
        memory.setI64(pointer, userdata);
        memory.setI16(pointer + 8, error);
        memory.setU8(pointer + 10, type);
        memory.setI64(pointer + 16, bytes);
    }
}
