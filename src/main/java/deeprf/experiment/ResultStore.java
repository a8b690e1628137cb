package deeprf.experiment;

import deeprf.io.AtomicFiles;
import deeprf.io.FileErrors;
import deeprf.io.OutputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tidy results file {@code results.csv} of an output folder, written so that a kill at any moment loses no
 * finished draw and never leaves half a row: all rows of a draw go out in ONE append followed by fsync; on the next
 * run into the same folder, a trailing partial line and the rows of any draw that did not get all its λ rows are
 * dropped (the file is rewritten through a temp file and an atomic rename) and those draws run again. A failed write
 * (disk full) truncates the file back to its last complete draw before reporting.
 */
final class ResultStore implements AutoCloseable {
    static final String RESULTS = "results.csv";

    private final Path file;
    private final ResultTable table;
    private final FileChannel channel;
    private final List<ResultRow> rows;
    private final String repairs;

    private ResultStore(Path file, ResultTable table, FileChannel channel, List<ResultRow> rows, String repairs) {
        this.file = file;
        this.table = table;
        this.channel = channel;
        this.rows = rows;
        this.repairs = repairs;
    }

    /**
     * What opening repaired in an existing results.csv, in words (null when nothing): a torn last line cut, unreadable
     * lines dropped, draws with only some of their λ' rows or with rows off this spec's λ' grid dropped and run
     * again. Said, not silent: those draws' compute is spent again.
     */
    String repairs() {
        return repairs;
    }

    /**
     * Opens results.csv for appending. The one seam of this class: tests pass a channel that fails the way a full
     * disk does (a short write, then "No space left on device").
     */
    @FunctionalInterface
    interface Appender {
        FileChannel open(Path file) throws IOException;

        Appender FILE = file -> FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Opens (creating, or checking and repairing) the results of {@code spec} in {@code dir}. */
    static ResultStore open(Path dir, ExperimentSpec spec, ResultTable table) {
        return open(dir, spec, table, Appender.FILE);
    }

    static ResultStore open(Path dir, ExperimentSpec spec, ResultTable table, Appender appender) {
        OutputFolder.claim(dir, "ridge", spec.raw(), ExperimentSpec::seedsOf, ExperimentSpec::withDefaults);
        Path file = dir.resolve(RESULTS);
        try {
            List<ResultRow> kept = new ArrayList<>();
            RepairNote repairs = new RepairNote();
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                boolean dirty = false;
                int nl = text.lastIndexOf('\n');
                if (nl != text.length() - 1) {                                // a partial last line
                    dirty = true;
                    repairs.tornLastLine();
                }
                String complete = nl < 0 ? "" : text.substring(0, nl + 1);
                String[] lines = complete.isEmpty() ? new String[0] : complete.split("\n", -1);
                if (lines.length == 0 || !lines[0].equals(table.headerLine().stripTrailing())) {
                    // a header and no row (a run that finished no draw, whose folder an edited spec took): rewritten
                    if (Csv.hasRow(text.lines()))
                        throw new OutputException("output folder " + dir + ": results.csv has another header (written by another version or spec); choose another --out");
                    dirty = true;
                }
                List<ResultRow> parsed = new ArrayList<>();
                int unreadable = 0;
                for (int i = 1; i < lines.length; i++) {
                    if (lines[i].isEmpty()) continue;
                    ResultRow r = table.parse(lines[i]);
                    if (r == null) unreadable++;
                    else parsed.add(r);
                }
                if (unreadable > 0) {
                    dirty = true;
                    repairs.unreadableLines(unreadable);
                }
                // a row counts only at a λ' of its point's grid, bit for bit: rows of an older grid (deeprf before
                // the thirteenth session wrote 0.009999999999999995 for 0.01) are dropped and their draws rerun
                List<ResultRow> onGrid = new ArrayList<>();
                java.util.Set<String> offGrid = new java.util.HashSet<>();
                for (ResultRow r : parsed) {
                    PointSpec p = r.point() < spec.points().size() ? spec.points().get(r.point()) : null;
                    if (p != null && java.util.Arrays.stream(p.lambdas()).anyMatch(l -> Double.compare(l, r.lambda()) == 0)) onGrid.add(r);
                    else {
                        dirty = true;
                        if (p != null) offGrid.add(key(r.point(), r.seed()));
                    }
                }
                repairs.finishedDrawsRunAgain(offGrid.size(), "written at λ' values off this spec's grid (by an older deeprf)");
                // λ' = 0 was refused as 'singular' by deeprf before the minimum-norm fit (Gram + 0 singular where n < p);
                // it is now solved, and only a dead layer (every feature zero) is still singular there: such a draw is
                // an older deeprf's and runs again, or aggregated.csv would count those seeds out of λ' = 0 forever
                java.util.Set<String> staleRidgeless = new java.util.HashSet<>();
                for (ResultRow r : onGrid)
                    if (r.lambda() == 0 && r.status().equals(ResultRow.SINGULAR) && r.message().contains("Gram matrix's smallest eigenvalue"))
                        staleRidgeless.add(key(r.point(), r.seed()));
                if (!staleRidgeless.isEmpty()) {
                    dirty = true;
                    onGrid.removeIf(r -> staleRidgeless.contains(key(r.point(), r.seed())));
                    repairs.finishedDrawsRunAgain(staleRidgeless.size(), "with λ' = 0 refused as singular (by an older deeprf; now the minimum-norm fit)");
                }
                Map<String, Integer> counts = new HashMap<>();
                for (ResultRow r : onGrid) counts.merge(key(r.point(), r.seed()), 1, Integer::sum);
                java.util.Set<String> partial = new java.util.HashSet<>();
                for (ResultRow r : onGrid) {
                    if (counts.get(key(r.point(), r.seed())) == spec.points().get(r.point()).lambdas().length) kept.add(r);
                    else {
                        dirty = true;
                        if (!offGrid.contains(key(r.point(), r.seed()))) partial.add(key(r.point(), r.seed()));
                    }
                }
                repairs.drawsRunAgain(partial.size(), "draw without exactly one row per λ'", "draws without exactly one row per λ'");
                if (dirty) {
                    StringBuilder sb = new StringBuilder(table.headerLine());
                    for (ResultRow r : kept) sb.append(table.line(r));
                    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
                }
            } else {
                AtomicFiles.write(file, table.headerLine().getBytes(StandardCharsets.UTF_8));
            }
            FileChannel ch = appender.open(file);
            return new ResultStore(file, table, ch, kept, repairs.line());
        } catch (IOException e) {
            throw new OutputException("cannot write " + FileErrors.subject(e, dir) + ": " + FileErrors.reason(e), e);
        }
    }

    static String key(int point, long seed) { return point + "/" + seed; }

    /** Rows already in the file (complete draws only). */
    List<ResultRow> rows() { return rows; }

    /** (point, seed) keys of the complete draws. */
    java.util.Set<String> finished() {
        java.util.Set<String> s = new java.util.HashSet<>();
        for (ResultRow r : rows) s.add(key(r.point(), r.seed()));
        return s;
    }

    /** Appends the rows of one draw in one write, then forces them to disk. */
    void append(List<ResultRow> draw) {
        StringBuilder sb = new StringBuilder();
        for (ResultRow r : draw) sb.append(table.line(r));
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        long before = -1;
        try {
            before = channel.size();
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) channel.write(buf);
            channel.force(false);
        } catch (IOException e) {
            try {
                if (before >= 0) channel.truncate(before);
            } catch (IOException ignored) {
                // the next run drops a partial last line anyway
            }
            throw new OutputException("cannot append to " + file + ": " + FileErrors.reason(e) + "; the " + rows.size() + " rows already written are intact", e);
        }
        rows.addAll(draw);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was pending: every append was forced
        }
    }

    /** Rows grouped by draw, in the order they were written. */
    static Map<String, List<ResultRow>> byDraw(List<ResultRow> rows) {
        Map<String, List<ResultRow>> m = new LinkedHashMap<>();
        for (ResultRow r : rows) m.computeIfAbsent(key(r.point(), r.seed()), k -> new ArrayList<>()).add(r);
        return m;
    }
}
