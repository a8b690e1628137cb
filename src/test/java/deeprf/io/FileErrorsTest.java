package deeprf.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileErrorsTest {
    @Test
    void reasonSaysWhyNotOnlyThePathAgain() {
        // createDirectories("/proc/foo") throws NoSuchFileException("/proc/foo"): its message is the path alone, which
        // gave "cannot create output folder /proc/foo: /proc/foo"
        String r = FileErrors.reason(new java.nio.file.NoSuchFileException("/proc/foo"));
        assertFalse(r.contains("/proc/foo"), r);
        assertTrue(r.contains("no such file"), r);
        assertEquals("not a folder", FileErrors.reason(new java.nio.file.NotDirectoryException("/x/y")));
        assertEquals("a folder of that name is in the way", FileErrors.reason(new java.nio.file.DirectoryNotEmptyException("/x/plot.png")));
        assertEquals("Operation not permitted", FileErrors.reason(new java.nio.file.FileSystemException("/sys/foo", null, "Operation not permitted")));
        assertEquals("permission denied", FileErrors.reason(new java.nio.file.AccessDeniedException("/root/x")));
        assertFalse(FileErrors.reason(new java.nio.file.FileSystemException("/a/b")).contains("/a/b"));
    }

    @Test
    void subjectIsTheFileTheFailureNamesElseTheFolder() {
        assertEquals("/out/aggregated.csv", FileErrors.subject(new java.nio.file.FileSystemException("/out/aggregated.csv", null, "Is a directory"), java.nio.file.Path.of("/out")));
        assertEquals("/out", FileErrors.subject(new java.io.IOException("disk full"), java.nio.file.Path.of("/out")));
    }
}
