package deeprf.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns an I/O failure into the words a user needs, for messages that already name the file. */
public final class FileErrors {
    private FileErrors() {}

    /**
     * The file an I/O failure is about — the one it names (for {@link AtomicFiles#write} the file asked for, never its
     * temporary) — or {@code fallback} (the folder being written) when it names none: a message about a folder of
     * results should still say which of its files failed ("cannot write OUT/aggregated.csv: Is a directory").
     */
    public static String subject(IOException e, java.nio.file.Path fallback) {
        return e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : String.valueOf(fallback);
    }

    /** An I/O failure's reason without the path repeated ("permission denied", "Not a directory"). */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "a file of that name is in the way";
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        // these carry no reason, and their message is only the path the caller already names
        if (e instanceof NoSuchFileException) return "no such file or folder (the file system refused to create it there)";
        if (e instanceof NotDirectoryException) return "not a folder";
        if (e instanceof DirectoryNotEmptyException) return "a folder of that name is in the way";
        if (e instanceof FileSystemException) return "refused by the file system (" + e.getClass().getSimpleName() + ")";
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
