package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import deeprf.io.OutputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Disk full while results are being written (issue 3, bad input): the run stops with one clear error that names the
 * file and the cause, the rows of the draws already written stay in results.csv, whole and parseable (the half-written
 * draw is cut off), and a rerun into the folder resumes from them.
 */
class DiskFullTest {

    /**
     * A results.csv channel whose disk fills up during append number {@code failingAppend} (counted from 1): that
     * append's first write stores only half its bytes (a short write, as write(2) does when the device runs out), the
     * next write throws "No space left on device" — the IOException FileChannel gives for ENOSPC.
     */
    static final class FullDiskChannel extends FileChannel {
        private final FileChannel real;
        private final int failingAppend;
        private int appends;
        private boolean full;

        FullDiskChannel(FileChannel real, int failingAppend) {
            this.real = real;
            this.failingAppend = failingAppend;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (full) throw new IOException("No space left on device");
            if (src.position() == 0 && ++appends == failingAppend) {
                full = true;
                ByteBuffer half = src.slice(0, Math.max(1, src.remaining() / 2));
                int n = real.write(half);
                src.position(src.position() + n);
                return n;
            }
            return real.write(src);
        }

        @Override public int read(ByteBuffer dst) throws IOException { return real.read(dst); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return real.read(dsts, offset, length); }
        @Override public long write(ByteBuffer[] srcs, int offset, int length) { throw new UnsupportedOperationException(); }
        @Override public long position() throws IOException { return real.position(); }
        @Override public FileChannel position(long p) throws IOException { real.position(p); return this; }
        @Override public long size() throws IOException { return real.size(); }
        @Override public FileChannel truncate(long size) throws IOException { real.truncate(size); return this; }
        @Override public void force(boolean metaData) throws IOException { real.force(metaData); }
        @Override public long transferTo(long position, long count, WritableByteChannel target) { throw new UnsupportedOperationException(); }
        @Override public long transferFrom(ReadableByteChannel src, long position, long count) { throw new UnsupportedOperationException(); }
        @Override public int read(ByteBuffer dst, long position) throws IOException { return real.read(dst, position); }
        @Override public int write(ByteBuffer src, long position) { throw new UnsupportedOperationException(); }
        @Override public MappedByteBuffer map(MapMode mode, long position, long size) { throw new UnsupportedOperationException(); }
        @Override public FileLock lock(long position, long size, boolean shared) { throw new UnsupportedOperationException(); }
        @Override public FileLock tryLock(long position, long size, boolean shared) { throw new UnsupportedOperationException(); }
        @Override protected void implCloseChannel() throws IOException { real.close(); }
    }

    @Test
    void aFullDiskIsOneClearErrorAndTheRowsAlreadyWrittenStayIntact(@TempDir Path tmp) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse(ResumeTest.SPEC, "t");
        ResultTable table = ResultTable.of(spec);
        int lambdas = spec.points().get(0).lambdas().length;
        Experiment.Report clean;
        try (Backend be = new JavaBackend(1)) {
            clean = new Experiment(spec).run(be, tmp.resolve("clean"), Progress.none());
        }
        assertEquals(6, clean.ran());

        // The disk fills up in the middle of the 4th draw's rows.
        Path dir = tmp.resolve("full");
        OutputException e;
        try (Backend be = new JavaBackend(1)) {
            e = assertThrows(OutputException.class, () -> new Experiment(spec).run(be, dir, Progress.none(),
                    file -> new FullDiskChannel(ResultStore.Appender.FILE.open(file), 4)));
        }
        String msg = e.getMessage();
        assertTrue(msg.contains("No space left on device"), msg);
        assertTrue(msg.contains(dir.resolve("results.csv").toString()), msg);
        assertTrue(msg.contains("the " + 3 * lambdas + " rows already written are intact"), msg);

        // results.csv: the header and the three finished draws, every line whole and parseable, equal to a clean run's.
        String text = Files.readString(dir.resolve("results.csv"));
        assertTrue(text.endsWith("\n"), "no partial line at the end");
        List<String> lines = text.lines().toList();
        assertEquals(table.headerLine().stripTrailing(), lines.get(0));
        assertEquals(1 + 3 * lambdas, lines.size(), text);
        List<String> cleanLines = Files.readAllLines(tmp.resolve("clean/results.csv"));
        for (int i = 1; i < lines.size(); i++) {
            ResultRow r = table.parse(lines.get(i));
            assertNotNull(r, "line " + i + " parses: " + lines.get(i));
            ResultRow c = table.parse(cleanLines.get(i));
            assertEquals(c.point(), r.point());
            assertEquals(c.seed(), r.seed());
            assertEquals(c.lambda(), r.lambda());
            assertEquals(c.testError(), r.testError(), 1e-9 * Math.abs(c.testError()), "line " + i);
        }

        // Space freed: a rerun keeps those three draws and runs the other three.
        Experiment.Report resumed;
        try (Backend be = new JavaBackend(1)) {
            resumed = new Experiment(spec).run(be, dir, Progress.none());
        }
        assertEquals(3, resumed.skipped());
        assertEquals(3, resumed.ran());
        ResumeTest.assertSame(ResumeTest.byKey(clean.rows()), ResumeTest.byKey(resumed.rows()));
        assertEquals(1 + 6 * lambdas, Files.readAllLines(dir.resolve("results.csv")).size());
    }
}
