package deeprf.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
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
    static final String RESULTS = "results.csv", SPEC = "spec.json";

    private final Path file;
    private final ResultTable table;
    private final FileChannel channel;
    private final List<ResultRow> rows;

    private ResultStore(Path file, ResultTable table, FileChannel channel, List<ResultRow> rows) {
        this.file = file;
        this.table = table;
        this.channel = channel;
        this.rows = rows;
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
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OutputException("cannot create output folder " + dir + ": " + reason(e), e);
        }
        if (!Files.isDirectory(dir)) throw new OutputException("output path " + dir + " is not a folder");
        if (!Files.isWritable(dir)) throw new OutputException("output folder " + dir + " is not writable");
        Path specFile = dir.resolve(SPEC), file = dir.resolve(RESULTS);
        String json = spec.canonicalJson();
        try {
            if (Files.exists(specFile)) {
                String there = Files.readString(specFile);
                if (!there.equals(json)) {
                    if (!onlyMoreSeedsOrAnotherTitle(there, spec))
                        throw new OutputException("output folder " + dir + " holds results of a different spec (" + difference(there, json)
                                + "); a rerun resumes the same spec, with more seeds or another title at most: choose another --out or remove the folder");
                    AtomicFiles.write(specFile, json.getBytes(StandardCharsets.UTF_8));   // its draws are still this spec's
                }
            } else {
                if (Files.exists(file))
                    throw new OutputException("output folder " + dir + " has a results.csv but no spec.json; choose another --out or remove the folder");
                AtomicFiles.write(specFile, json.getBytes(StandardCharsets.UTF_8));
            }
            List<ResultRow> kept = new ArrayList<>();
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                boolean dirty = false;
                int nl = text.lastIndexOf('\n');
                if (nl != text.length() - 1) dirty = true;                    // a partial last line
                String complete = nl < 0 ? "" : text.substring(0, nl + 1);
                String[] lines = complete.isEmpty() ? new String[0] : complete.split("\n", -1);
                if (lines.length == 0 || !lines[0].equals(table.headerLine().stripTrailing())) {
                    if (lines.length > 0 || !text.isEmpty())
                        throw new OutputException("output folder " + dir + ": results.csv has another header (written by another version or spec); choose another --out");
                }
                List<ResultRow> parsed = new ArrayList<>();
                for (int i = 1; i < lines.length; i++) {
                    if (lines[i].isEmpty()) continue;
                    ResultRow r = table.parse(lines[i]);
                    if (r == null) dirty = true;
                    else parsed.add(r);
                }
                Map<String, Integer> counts = new HashMap<>();
                for (ResultRow r : parsed) counts.merge(key(r.point(), r.seed()), 1, Integer::sum);
                for (ResultRow r : parsed) {
                    PointSpec p = r.point() < spec.points().size() ? spec.points().get(r.point()) : null;
                    if (p != null && counts.get(key(r.point(), r.seed())) == p.lambdas().length) kept.add(r);
                    else dirty = true;
                }
                if (dirty) {
                    StringBuilder sb = new StringBuilder(table.headerLine());
                    for (ResultRow r : kept) sb.append(table.line(r));
                    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
                }
            } else {
                AtomicFiles.write(file, table.headerLine().getBytes(StandardCharsets.UTF_8));
            }
            FileChannel ch = appender.open(file);
            return new ResultStore(file, table, ch, kept);
        } catch (IOException e) {
            throw new OutputException("cannot write results in " + dir + ": " + reason(e), e);
        }
    }

    static String key(int point, long seed) { return point + "/" + seed; }

    /**
     * Whether the folder's spec differs from {@code spec} only in its title and in seeds added: every draw there is
     * then a draw of this spec (a draw depends on its point and seed alone), so a rerun adds the new seeds' draws.
     */
    static boolean onlyMoreSeedsOrAnotherTitle(String thereJson, ExperimentSpec spec) {
        try {
            ObjectMapper m = new ObjectMapper();                // both read back from JSON text: same node types
            if (!(m.readTree(thereJson) instanceof ObjectNode a) || !(m.readTree(spec.canonicalJson()) instanceof ObjectNode b)) return false;
            ObjectNode o = a.deepCopy();
            for (String k : List.of("seeds", "title")) { a.remove(k); b.remove(k); }
            return a.equals(b) && spec.seeds().containsAll(ExperimentSpec.fromTree(o).seeds());
        } catch (IOException | SpecException e) {
            return false;                                   // unreadable, or valid no longer: not the same spec
        }
    }

    /**
     * The first key where the folder's spec.json and this spec differ, as "teacher.noise: 0.1 there, 0.2 here": seeds
     * only when nothing else differs (adding seeds is allowed, so then seeds were dropped), the title never.
     */
    static String difference(String thereJson, String hereJson) {
        try {
            ObjectMapper m = new ObjectMapper();
            JsonNode there = m.readTree(thereJson), here = m.readTree(hereJson);
            if (!(there instanceof ObjectNode a) || !(here instanceof ObjectNode b)) return "its spec.json is not a table";
            JsonNode seedsThere = a.remove("seeds"), seedsHere = b.remove("seeds");
            a.remove("title");
            b.remove("title");
            String d = firstDifference(a, b, "");
            if (d == null) d = firstDifference(seedsThere, seedsHere, "seeds");
            return d == null ? "its spec.json differs in layout" : d;
        } catch (IOException e) {
            return "its spec.json cannot be read as JSON";
        }
    }

    private static String firstDifference(JsonNode a, JsonNode b, String path) {
        String at = path.isEmpty() ? "the top level" : path;
        if (a == null && b == null) return null;
        if (a == null || b == null) return at + ": " + (a == null ? "absent" : SpecNode.show(a)) + " there, " + (b == null ? "absent" : SpecNode.show(b)) + " here";
        if (a.isObject() && b.isObject()) {
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                String d = firstDifference(a.get(k), b.get(k), path.isEmpty() ? k : path + "." + k);
                if (d != null) return d;
            }
            return null;
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                String d = firstDifference(a.get(i), b.get(i), path + "[" + (i + 1) + "]");
                if (d != null) return d;
            }
            return null;
        }
        return a.equals(b) ? null : at + ": " + SpecNode.show(a) + " there, " + SpecNode.show(b) + " here";
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

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
            throw new OutputException("cannot append to " + file + ": " + reason(e) + "; the " + rows.size() + " rows already written are intact", e);
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
