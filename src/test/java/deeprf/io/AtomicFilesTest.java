package deeprf.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {
    @Test
    void replacesTheWholeFileAndLeavesNoTemporaryBehind(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("results.csv");
        AtomicFiles.write(f, "a,b\n1,2\n3,4\n");
        AtomicFiles.write(f, "a,b\n5,6\n");
        assertEquals("a,b\n5,6\n", Files.readString(f));
        try (var names = Files.list(dir)) {
            assertEquals(java.util.List.of("results.csv"), names.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("summary.json");
        AtomicFiles.write(f, "{\"old\":1}");
        // The temporary's name taken by a folder: the write fails before the rename, and the old file stays whole.
        Files.createDirectory(dir.resolve(".summary.json.tmp"));
        assertThrows(IOException.class, () -> AtomicFiles.write(f, "{\"new\":2}"));
        assertEquals("{\"old\":1}", Files.readString(f));
    }

    @Test
    void aFolderInTheTemporarysPlaceIsReportedNotHiddenByTheCleanUp(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("summary.json");
        Path tmp = Files.createDirectories(dir.resolve(".summary.json.tmp").resolve("inside")).getParent();
        // Opening the temporary fails ("Is a directory"); removing it would fail too (DirectoryNotEmptyException)
        // and, thrown in its place, turned the reason into "refused by the file system (DirectoryNotEmptyException)".
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, "{}"));
        assertFalse(e instanceof java.nio.file.DirectoryNotEmptyException, e.toString());
        // and it says the temporary is in the way: "OUT/summary.json: Is a directory" named a file that is not a folder
        assertEquals(f + ": a folder .summary.json.tmp (the temporary it is written through) is in the way; remove it", e.getMessage());
        assertTrue(Files.isDirectory(tmp.resolve("inside")), "a folder that is not ours stays");
        assertFalse(Files.exists(f));
    }

    @Test
    void aTargetThatIsAFolderFailsAndLeavesNoTemporary(@TempDir Path dir) throws Exception {
        Path f = Files.createDirectories(dir.resolve("report.md").resolve("inside")).getParent();
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, "# report"));
        // the failure names the file asked for, with the system's reason, never the temporary
        assertEquals(f + ": Is a directory", e.getMessage());
        try (var names = Files.list(dir)) {
            assertEquals(java.util.List.of("report.md"), names.map(p -> p.getFileName().toString()).toList());
        }
    }
}
