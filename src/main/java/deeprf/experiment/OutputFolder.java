package deeprf.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import deeprf.io.AtomicFiles;
import deeprf.io.FileErrors;
import deeprf.io.OutputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The one rule for reusing an output folder, for every run kind (ridge, online, structured). A folder belongs to the
 * spec in its {@code spec.json}; a rerun resumes it only with the same spec, except for a new title and added seeds
 * (a draw depends on its point and seed alone, so the draws already there are still this spec's). A spec of another
 * kind, another spec, or a folder with results but no spec.json is refused with one line naming what differs —
 * otherwise the new run would overwrite the results there, or label old results with the new spec.
 */
public final class OutputFolder {
    private OutputFolder() {}

    public static final String SPEC = "spec.json";

    /** Files whose presence means a folder already holds some run's results. */
    private static final List<String> RESULTS = List.of("results.csv", "summary.json", "trials");


    /**
     * Top-level keys a rerun may change: the title (structured specs call it name too), the seeds, and the block size
     * of the sample stream (structured block; ridge [compute] block_size, {@link #withoutFree}), which changes only the
     * order of the Gram's sums (the results agree to ~1e-10, as between backends): a rerun that ran out of memory may
     * resume with smaller blocks.
     */
    private static final Set<String> FREE = Set.of("title", "name", "seeds", "block");

    /** A copy of a spec tree without the keys a rerun may change: {@link #FREE} and [compute] block_size (not the table). */
    private static ObjectNode withoutFree(ObjectNode spec) {
        ObjectNode t = spec.deepCopy();
        t.remove(FREE);
        if (t.get("compute") instanceof ObjectNode compute) {
            compute.remove("block_size");
            if (compute.isEmpty()) t.remove("compute");
        }
        return t;
    }

    /**
     * Creates {@code dir} if needed and claims it for this spec, writing its spec.json; throws {@link OutputException}
     * where the folder cannot be written or holds another run.
     *
     * @param kind    this spec's kind ("ridge", "online", "structured")
     * @param spec    the spec as a tree (as parsed from its TOML)
     * @param seedsOf the seeds a spec tree of this kind runs
     */
    public static void claim(Path dir, String kind, JsonNode spec, Function<ObjectNode, Collection<Long>> seedsOf) {
        claim(dir, kind, spec, seedsOf, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #claim(Path, String, JsonNode, Function)}; {@code withDefaults} writes a kind's defaults into a copy of
     * a spec tree, so that two specs that differ only in writing a default out are one spec.
     */
    public static void claim(Path dir, String kind, JsonNode spec, Function<ObjectNode, Collection<Long>> seedsOf,
                             java.util.function.UnaryOperator<ObjectNode> withDefaults) {
        prepare(dir);
        ObjectNode here = roundTrip(spec);
        if (Files.exists(dir.resolve(OLD_STRUCTURED_ROWS)))     // before the kinds shared file names
            throw new OutputException("output folder " + dir + " holds " + OLD_STRUCTURED_ROWS + " of an older deeprf version; choose another --out or remove the folder");
        Path specFile = dir.resolve(SPEC);
        if (Files.exists(specFile)) {
            // a run of this kind that finished no draw (out of memory in the first, say): nothing to keep, so an edited
            // spec takes the folder instead of being refused as "a different spec"
            boolean nothingToKeep = !holdsFinishedDraws(dir) && kindOf(read(dir, specFile)).equals(kind);
            if (!nothingToKeep && sameSpec(dir, specFile, kind, here, seedsOf, withDefaults)) {
                forget(dir.resolve(THEORY_SPEC));              // a record older versions left beside spec.json
                return;
            }
        } else {
            for (String r : RESULTS)
                if (Files.exists(dir.resolve(r)))
                    throw new OutputException("output folder " + dir + " has " + r + (Files.isDirectory(dir.resolve(r)) ? "/" : "")
                            + " but no spec.json (results of another run or an older version); choose another --out or remove the folder");
            // the theory command's curves of a spec: a run of that spec may join them, another spec may not
            if (Files.exists(dir.resolve(THEORY_SPEC)) && holdsTheoryTables(dir)) sameTheorySpec(dir, kind, here);
        }
        write(specFile, here);
        forget(dir.resolve(THEORY_SPEC));                      // spec.json says it from now on
    }

    /**
     * Whether the folder may hold something of its spec's: false only where it holds nothing but spec.json, the lock,
     * a results.csv without a row and empty trials/ or spectra/ folders (and hidden temporaries of an interrupted
     * write). Anything else (a summary.json, a row, a trial, a draw's spectra written before its row, the theory
     * command's curves of that spec, a file of the user's) keeps the folder's spec: an edited spec would label it.
     */
    private static boolean holdsFinishedDraws(Path dir) {
        try (var entries = Files.list(dir)) {
            for (Path e : (Iterable<Path>) entries::iterator) {
                String name = e.getFileName().toString();
                if (name.equals(SPEC) || name.equals(LOCK) || name.startsWith(".") && name.endsWith(".tmp")) continue;
                if (name.equals("results.csv") && Files.isRegularFile(e)) {
                    try (var lines = Files.lines(e)) {
                        if (Csv.hasRow(lines)) return true;
                    }
                    continue;
                }
                if ((name.equals("trials") || name.equals("spectra")) && Files.isDirectory(e)) {
                    try (var files = Files.list(e)) {
                        if (files.findAny().isPresent()) return true;
                    }
                    continue;
                }
                return true;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return true;                                        // unreadable: treated as holding results, kept
        }
        return false;
    }

    /** Removes a record spec.json has replaced (a stale theory_spec.json would name another spec than the folder's). */
    private static void forget(Path record) {
        try {
            Files.deleteIfExists(record);
        } catch (IOException e) {
            throw new OutputException("cannot remove " + record + ": " + FileErrors.reason(e), e);
        }
    }

    /** The lock file {@link #lock} holds; it stays in the folder (removing it would race with the next run). */
    public static final String LOCK = ".deeprf.lock";

    /**
     * The folders this JVM's runs hold, by real path, with the holder's text. JVM-wide state on purpose: the OS lock is
     * the process's (fcntl), and on Linux closing ANY descriptor of the lock file drops it — so a second run in this
     * process must be refused from here, before it opens the file, or its refusal would free the first run's lock.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Path, String> HELD_HERE = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Creates {@code dir} if needed and takes its lock for one run: two runs into one folder at once would both append
     * the same draws. An OS file lock, so a run that dies (kill -9, power) leaves no stale lock behind; the file holds
     * the holder's pid and start time for the message the next run gives. Throws {@link OutputException} where
     * another run (another process, or another run in this JVM) holds it. Close it when the run's last file is written.
     */
    public static Lock lock(Path dir) {
        prepare(dir);
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new OutputException("cannot lock output folder " + dir + ": " + FileErrors.reason(e), e);
        }
        String me = "pid " + ProcessHandle.current().pid() + ", since " + java.time.Instant.now();
        String other = HELD_HERE.putIfAbsent(key, me);
        if (other != null) throw inUse(dir, other);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(key.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock held = ch.tryLock();
            if (held == null) {                                     // another process: its text, read through this channel
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(256);
                ch.read(buf, 0);
                throw inUse(dir, new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip());
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)));
            return new Lock(key, ch, held);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);                                       // we hold no OS lock here: closing frees nothing
            HELD_HERE.remove(key);
            if (e instanceof RuntimeException r) throw r;
            throw new OutputException("cannot lock output folder " + dir + ": " + FileErrors.reason((IOException) e), e);
        }
    }

    private static OutputException inUse(Path dir, String who) {
        return new OutputException("output folder " + dir + " is in use by another deeprf run (" + (who.isEmpty() ? "starting" : who)
                + "); wait for it to finish or choose another --out");
    }

    /** A folder's lock for one run; {@link #close} releases it. */
    public static final class Lock implements AutoCloseable {
        private final Path key;
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(Path key, FileChannel channel, FileLock lock) {
            this.key = key;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel below releases it too
            }
            closeQuietly(channel);
            HELD_HERE.remove(key);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was written through it that matters: the lock file's text is only for messages
        }
    }

    /**
     * For the {@code theory} command, which recomputes everything and resumes nothing: in a run's folder the run's
     * spec.json must be this spec (more seeds or another title aside), so that theory curves beside a run are that
     * run's; in a theory-only folder its record {@value #THEORY_SPEC} must be too where the folder holds its tables
     * (another spec's curves were silently replaced before), and is then rewritten with this spec's seeds and title; a
     * record alone (a theory run interrupted before it wrote) keeps nothing.
     */
    public static void claimForTheory(Path dir, JsonNode spec, Function<ObjectNode, Collection<Long>> seedsOf) {
        prepare(dir);
        ObjectNode here = roundTrip(spec);
        if (Files.exists(dir.resolve(SPEC))) {
            sameSpec(dir, dir.resolve(SPEC), "ridge", here, seedsOf, ExperimentSpec::withDefaults);
            forget(dir.resolve(THEORY_SPEC));
            return;
        }
        boolean tables = holdsTheoryTables(dir);
        // a record without tables is an interrupted or failed theory run's: nothing to keep, an edited spec takes it
        if (Files.exists(dir.resolve(THEORY_SPEC)) && tables) sameTheorySpec(dir, "ridge", here);
        else if (tables)
            throw new OutputException("output folder " + dir + " has " + THEORY_RESULTS.stream().filter(r -> Files.isRegularFile(dir.resolve(r))).findFirst().orElseThrow()
                    + " but no " + THEORY_SPEC + " (theory curves of another spec or an older version); choose another --out or remove the folder");
        write(dir.resolve(THEORY_SPEC), here);
    }

    private static boolean holdsTheoryTables(Path dir) {
        return THEORY_RESULTS.stream().anyMatch(r -> Files.isRegularFile(dir.resolve(r)));
    }

    /** The theory command's tables: a folder holding one without its record is not claimed. */
    private static final List<String> THEORY_RESULTS = List.of("theory.csv", "theory_aggregated.csv");

    public static final String THEORY_SPEC = "theory_spec.json";

    /** Refuses a {@code dir} that is a file; callers that can check before any work starts do (the CLI, at once). */
    public static void refuseFile(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new OutputException("output folder " + dir + " is a file, not a folder; choose a new folder or one from an earlier run of this spec");
    }

    private static void prepare(Path dir) {
        refuseFile(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OutputException("cannot create output folder " + dir + ": " + FileErrors.reason(e), e);
        }
        if (!Files.isDirectory(dir)) throw new OutputException("output path " + dir + " is not a folder");
        if (!Files.isWritable(dir)) throw new OutputException("output folder " + dir + " is not writable");
    }

    /**
     * A theory-only folder ({@value #THEORY_SPEC}) takes a run of the spec its curves are of; seeds and title may
     * differ (the theory recomputes everything, so a run of fewer seeds joins it too).
     */
    private static void sameTheorySpec(Path dir, String kind, ObjectNode here) {
        ObjectNode there = read(dir, dir.resolve(THEORY_SPEC));
        if (!kind.equals("ridge"))
            throw new OutputException("output folder " + dir + " holds theory curves of a ridge spec and this spec is kind = \"" + kind + "\"; choose another --out");
        // theory recomputes every seed: any seeds, and the other free keys
        ObjectNode a = withoutFree(ExperimentSpec.withDefaults(there)), b = withoutFree(ExperimentSpec.withDefaults(here));
        a.remove("kind");
        b.remove("kind");
        if (!SpecNode.sameValue(a, b))
            throw new OutputException("output folder " + dir + " holds theory curves of a different spec (" + difference(a, b, there, here)
                    + "); choose another --out, or remove the folder's theory files and " + THEORY_SPEC);
    }

    /**
     * True when the folder's spec is this one exactly, false when they differ only in what a rerun may change; throws
     * for another kind or another spec.
     */
    private static boolean sameSpec(Path dir, Path specFile, String kind, ObjectNode here, Function<ObjectNode, Collection<Long>> seedsOf,
                                    java.util.function.UnaryOperator<ObjectNode> withDefaults) {
        ObjectNode there = read(dir, specFile);
        String thereKind = kindOf(there);
        if (!thereKind.equals(kind))
            throw new OutputException("output folder " + dir + " holds the results of a kind = \"" + thereKind + "\" spec and this spec is kind = \""
                    + kind + "\"; choose another --out");
        ObjectNode thereBare = there.deepCopy(), hereBare = here.deepCopy();
        thereBare.remove("kind");                               // kind = "ridge" written or left out: the same spec
        hereBare.remove("kind");
        // the usual rerun, the same file again: equal as written, so equal as parsed, without the parses (a parse of a
        // spec with 10^5 sweep points takes seconds, and withDefaults parses each side once)
        if (SpecNode.sameValue(thereBare, hereBare)) return true;
        ObjectNode a = withDefaults.apply(there.deepCopy()), b = withDefaults.apply(here.deepCopy());   // the parsers may want kind
        a.remove("kind");
        b.remove("kind");
        if (SpecNode.sameValue(a, b)) return true;
        if (!onlyFreeKeysDiffer(a, b) || !seedsKept(there, here, seedsOf))     // the whole trees: their parsers may want kind
            throw new OutputException("output folder " + dir + " holds results of a different spec (" + difference(a, b, there, here)
                    + "); a rerun resumes the same spec, with more seeds" + (kind.equals("online") ? " or another title" : ", another title or another block size")
                    + " at most: choose another --out or remove the folder");
        return false;
    }

    private static void write(Path specFile, ObjectNode spec) {
        try {
            AtomicFiles.write(specFile, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(spec));
        } catch (IOException e) {
            throw new OutputException("cannot write " + specFile + ": " + FileErrors.reason(e), e);
        }
    }

    /** The results file name of structured runs before they shared results.csv. */
    private static final String OLD_STRUCTURED_ROWS = "rows.csv";

    private static ObjectNode read(Path dir, Path specFile) {
        JsonNode read;
        try {
            read = new ObjectMapper().readTree(Files.readString(specFile, StandardCharsets.UTF_8));
        } catch (JsonProcessingException | java.nio.charset.MalformedInputException e) {
            throw new OutputException("output folder " + dir + ": its " + specFile.getFileName() + " is not JSON; choose another --out or remove the folder");
        } catch (IOException e) {
            throw new OutputException("cannot read " + specFile + ": " + FileErrors.reason(e), e);
        }
        if (!(read instanceof ObjectNode there))
            throw new OutputException("output folder " + dir + ": its " + specFile.getFileName() + " is not a table; choose another --out or remove the folder");
        return there;
    }

    /** A spec tree's kind: its kind key; without one, structured if it has cases (the structured command's specs), else ridge. */
    static String kindOf(ObjectNode spec) {
        JsonNode k = spec.get("kind");
        if (k != null && k.isTextual()) return k.asText().toLowerCase(java.util.Locale.ROOT);   // as ExperimentSpec.kindOf
        return spec.has("cases") ? "structured" : "ridge";
    }

    /** The tree as JSON reads it back: TOML's number node types differ from JSON's, so trees are compared after this. */
    private static ObjectNode roundTrip(JsonNode spec) {
        ObjectMapper json = new ObjectMapper();
        try {
            JsonNode t = json.readTree(json.writeValueAsString(spec));
            if (!(t instanceof ObjectNode o)) throw new IllegalArgumentException("a spec must be a table");
            return o;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onlyFreeKeysDiffer(ObjectNode there, ObjectNode here) {
        return SpecNode.sameValue(withoutFree(there), withoutFree(here));
    }

    private static boolean seedsKept(ObjectNode there, ObjectNode here, Function<ObjectNode, Collection<Long>> seedsOf) {
        try {
            return seedsOf.apply(here).containsAll(seedsOf.apply(there));
        } catch (RuntimeException e) {
            return false;                                   // the folder's spec is not valid any more: not this spec
        }
    }

    /**
     * The first key in which two specs differ, from their trees with defaults written out ({@code there}, {@code here})
     * and as written ({@code thereWritten}, {@code hereWritten}): the first key the user wrote differently whose meaning
     * differs too (at it or inside it), shown with the defaults' values ("readout.centre: false there, true here") —
     * so a default that follows another key (block_size after a swept width) is not named before that key, nor a
     * default written out on one side only; else the first difference in meaning. Seeds only when nothing else differs
     * (adding seeds is allowed, so then seeds were dropped), the title and block size never.
     */
    static String difference(ObjectNode there, ObjectNode here, ObjectNode thereWritten, ObjectNode hereWritten) {
        java.util.Map<String, String> filled = differences(there, here), written = differences(thereWritten, hereWritten);
        // a key written differently whose meaning differs too (at it or inside it: "target" written as a name, "target.kind" filled)
        for (String path : written.keySet())
            for (java.util.Map.Entry<String, String> f : filled.entrySet())
                if (f.getKey().equals(path) || f.getKey().startsWith(path + ".") || f.getKey().startsWith(path + "[")) return f.getValue();
        // (a key written differently that means the same, a default written out, is no difference to name)
        return filled.isEmpty() ? "the spec.json differs" : filled.values().iterator().next();
    }

    /**
     * Every differing key path (seeds last; the other keys a rerun may change left out, so a refusal never names one)
     * → its "path: a there, b here", in key order.
     */
    private static java.util.Map<String, String> differences(ObjectNode there, ObjectNode here) {
        JsonNode seedsThere = there.get("seeds"), seedsHere = here.get("seeds");
        ObjectNode a = withoutFree(there), b = withoutFree(here);
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        differences(a, b, "", out);
        differences(seedsThere, seedsHere, "seeds", out);
        return out;
    }

    private static void differences(JsonNode a, JsonNode b, String path, java.util.Map<String, String> out) {
        if (a == null && b == null) return;
        String at = path.isEmpty() ? "the top level" : path;
        if (a == null || b == null) {
            out.put(at, at + ": " + (a == null ? "absent" : SpecNode.show(a)) + " there, " + (b == null ? "absent" : SpecNode.show(b)) + " here");
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) differences(a.get(k), b.get(k), path.isEmpty() ? k : path + "." + k, out);
            return;
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) differences(a.get(i), b.get(i), path + "[" + (i + 1) + "]", out);
            return;
        }
        if (!SpecNode.sameValue(a, b)) out.put(at, at + ": " + SpecNode.show(a) + " there, " + SpecNode.show(b) + " here");
    }
}
