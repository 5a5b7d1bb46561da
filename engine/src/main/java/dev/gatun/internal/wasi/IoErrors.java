package dev.gatun.internal.wasi;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** Maps host I/O failures to WASI errnos (NIO exception types first, then the OS reason text). */
final class IoErrors {
    private IoErrors() {}

    static int errno(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> Errno.NOENT;
            case FileAlreadyExistsException x -> Errno.EXIST;
            case DirectoryNotEmptyException x -> Errno.NOTEMPTY;
            case NotDirectoryException x -> Errno.NOTDIR;
            case NotLinkException x -> Errno.INVAL;
            case FileSystemLoopException x -> Errno.LOOP;
            case AccessDeniedException x -> Errno.ACCES;
            case FileSystemException x -> fromReason(x.getReason());
            default -> fromReason(e.getMessage());
        };
    }

    private static int fromReason(String reason) {
        if (reason == null) return Errno.IO;
        if (reason.contains("Is a directory")) return Errno.ISDIR;
        if (reason.contains("Not a directory")) return Errno.NOTDIR;
        if (reason.contains("symbolic links")) return Errno.LOOP;
        if (reason.contains("not empty")) return Errno.NOTEMPTY;
        if (reason.contains("File exists")) return Errno.EXIST;
        if (reason.contains("No such file")) return Errno.NOENT;
        if (reason.contains("Invalid argument")) return Errno.INVAL;
        if (reason.contains("Operation not permitted")) return Errno.PERM;
        if (reason.contains("Permission denied")) return Errno.ACCES;
        if (reason.contains("Read-only file system")) return Errno.ROFS;
        if (reason.contains("cross-device")) return Errno.XDEV;
        if (reason.contains("name too long")) return Errno.NAMETOOLONG;
        if (reason.contains("File too large")) return Errno.FBIG;
        return Errno.IO;
    }
}
