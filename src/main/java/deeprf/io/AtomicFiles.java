package deeprf.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Write-to-temp, fsync, atomic rename: a reader (or a rerun after a kill) sees the old file or the new one, never half.
 * Every result file deeprf replaces whole (CSV tables, summary.json, spec.json, plots, .npy) goes through here.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes {@code bytes} as {@code target}, whole or not at all.
     *
     * @throws FileSystemException naming {@code target} (never the temporary), its reason in words
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        } catch (IOException e) {
            removeTemporary(tmp, e);
            // a folder in the temporary's place: say so, or "OUT/summary.json: Is a directory" points at a file that is not one
            if (Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS))
                throw failure(target, e, "a folder " + tmp.getFileName() + " (the temporary it is written through) is in the way; remove it");
            throw failure(target, e);
        }
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            removeTemporary(tmp, e);                         // e.g. a folder of the target's name: no stray temporary
            throw failure(target, e);
        }
    }

    /**
     * The failure as one about {@code target}, with the reason in words ({@link FileErrors#reason}): the temporary is
     * ours, so a message should name the file the user asked for ("…/aggregated.csv: Is a directory"), not
     * "…/.aggregated.csv.tmp -> …/aggregated.csv".
     */
    private static FileSystemException failure(Path target, IOException e) {
        return failure(target, e, FileErrors.reason(e));
    }

    private static FileSystemException failure(Path target, IOException e, String reason) {
        FileSystemException f = new FileSystemException(target.toString(), null, reason);
        f.initCause(e);
        for (Throwable s : e.getSuppressed()) f.addSuppressed(s);
        return f;
    }

    /**
     * Removes the temporary after a failed write without hiding why the write failed: a failure to remove it is only
     * attached to {@code cause}, and a folder in the temporary's place (not ours: a file channel never makes one) is left.
     */
    private static void removeTemporary(Path tmp, IOException cause) {
        try {
            if (!Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS)) Files.deleteIfExists(tmp);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** {@link #write(Path, byte[])} of the text in UTF-8. */
    public static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
