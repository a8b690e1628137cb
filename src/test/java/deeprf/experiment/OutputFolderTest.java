package deeprf.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deeprf.io.OutputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** The folder rule every run kind shares: same spec, or more seeds and another title; never another kind. */
class OutputFolderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Seeds as the ridge and online specs count them: n means 0..n-1, or an explicit list. */
    private static final Function<ObjectNode, Collection<Long>> SEEDS = t -> {
        if (t.get("seeds").isArray()) {
            List<Long> l = new java.util.ArrayList<>();
            t.get("seeds").forEach(v -> l.add(v.asLong()));
            return l;
        }
        return java.util.stream.LongStream.range(0, t.get("seeds").asLong()).boxed().toList();
    };

    private static ObjectNode tree(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    /** Marks the folder as holding a finished draw (a run's summary.json): a different spec is refused from then on. */
    private static void finished(Path dir) throws java.io.IOException {
        Files.writeString(dir.resolve("summary.json"), "{}");
    }

    private static String claimFails(Path dir, String kind, ObjectNode spec) {
        return assertThrows(OutputException.class, () -> OutputFolder.claim(dir, kind, spec, SEEDS)).getMessage();
    }

    /**
     * A run that finished no draw (out of memory in the first: spec.json, an empty trials/ or a header-only
     * results.csv) leaves nothing to keep: the edited spec takes the folder; once a draw is finished it is refused.
     */
    @Test
    void aFolderWithNoFinishedDrawTakesAnEditedSpec(@TempDir Path dir) throws Exception {
        OutputFolder.claim(dir, "online", tree("{\"kind\":\"online\",\"seeds\":2,\"n\":[100000]}"), SEEDS);
        Files.createDirectories(dir.resolve("trials"));
        OutputFolder.claim(dir, "online", tree("{\"kind\":\"online\",\"seeds\":2,\"n\":[500]}"), SEEDS);
        assertTrue(Files.readString(dir.resolve("spec.json")).contains("500"), "the edited spec is the folder's now");
        Files.writeString(dir.resolve("trials").resolve("p0-s0.csv"), "alpha,error\n0,1\n");
        String m = claimFails(dir, "online", tree("{\"kind\":\"online\",\"seeds\":2,\"n\":[400]}"));
        assertTrue(m.contains("different spec"), m);

        Path ridge = Files.createDirectories(dir.resolve("ridge"));
        OutputFolder.claim(ridge, "ridge", tree("{\"seeds\":2,\"d\":100000}"), SEEDS);
        Files.writeString(ridge.resolve("results.csv"), "point,seed,lambda\n");
        OutputFolder.claim(ridge, "ridge", tree("{\"seeds\":2,\"d\":100}"), SEEDS);
        Files.writeString(ridge.resolve("results.csv"), "point,seed,lambda\n0,0,0.1\n");
        assertTrue(claimFails(ridge, "ridge", tree("{\"seeds\":2,\"d\":50}")).contains("different spec"));
        // another kind is refused even in an empty folder (its files would not be this kind's)
        Path other = Files.createDirectories(dir.resolve("other"));
        OutputFolder.claim(other, "online", tree("{\"kind\":\"online\",\"seeds\":2}"), SEEDS);
        assertTrue(claimFails(other, "ridge", tree("{\"seeds\":2}")).contains("kind = \"online\""));
    }

    /**
     * Files a run keeps beside a spec.json although no results.csv row is finished yet: the theory command's curves
     * of that spec (theory.csv), a draw's spectra written before its row (a full disk between them), an
     * aggregated.csv. An edited spec must not take such a folder: those files would sit under its spec.json.
     */
    @Test
    void aFolderWithTheoryCurvesSpectraOrOtherFilesKeepsItsSpec(@TempDir Path dir) throws Exception {
        for (String kept : List.of("theory.csv", "theory_aggregated.csv", "spectra/point0000_seed1_layer1.npy", "aggregated.csv", "notes.txt")) {
            Path f = Files.createDirectories(dir.resolve(kept.replace('/', '_') + "_dir"));
            OutputFolder.claim(f, "ridge", tree("{\"seeds\":2,\"d\":100000}"), SEEDS);
            Files.writeString(f.resolve("results.csv"), "point,seed,lambda\n");
            Path file = f.resolve(kept);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x\n");
            String m = claimFails(f, "ridge", tree("{\"seeds\":2,\"d\":100}"));
            assertTrue(m.contains("different spec"), kept + ": " + m);
        }
        // an empty spectra/ (created, nothing written) keeps nothing
        Path empty = Files.createDirectories(dir.resolve("empty"));
        OutputFolder.claim(empty, "ridge", tree("{\"seeds\":2,\"d\":100000}"), SEEDS);
        Files.createDirectories(empty.resolve("spectra"));
        OutputFolder.claim(empty, "ridge", tree("{\"seeds\":2,\"d\":100}"), SEEDS);
    }

    @Test
    void sameSpecMoreSeedsOrAnotherTitleResumeAndAnythingElseIsRefusedByName(@TempDir Path dir) throws Exception {
        OutputFolder.claim(dir, "online", tree("{\"kind\":\"online\",\"seeds\":2,\"eta\":[0.5,2.0]}"), SEEDS);
        finished(dir);
        OutputFolder.claim(dir, "online", tree("{\"kind\":\"online\",\"seeds\":2,\"eta\":[0.5,2.0]}"), SEEDS);
        OutputFolder.claim(dir, "online", tree("{\"kind\":\"online\",\"seeds\":[0,1,5],\"title\":\"t\",\"eta\":[0.5,2.0]}"), SEEDS);
        assertTrue(Files.readString(dir.resolve("spec.json")).contains("\"title\" : \"t\""), "spec.json is the latest spec");
        String m = claimFails(dir, "online", tree("{\"kind\":\"online\",\"seeds\":[0,1,5,6],\"eta\":[0.5,1.0]}"));
        assertTrue(m.contains("different spec (eta[2]: 2 there, 1 here)"), m);
        m = claimFails(dir, "online", tree("{\"kind\":\"online\",\"seeds\":[0,5],\"eta\":[0.5,2.0]}"));
        assertTrue(m.contains("different spec (seeds: [0, 1, 5] there, [0, 5] here)"), m);
        m = claimFails(dir, "ridge", tree("{\"seeds\":2}"));
        assertTrue(m.contains("holds the results of a kind = \"online\" spec and this spec is kind = \"ridge\""), m);
    }

    @Test
    void resultsWithoutASpecAndAFileInTheWayAreRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("old").resolve("trials"));
        String m = claimFails(dir.resolve("old"), "online", tree("{\"kind\":\"online\",\"seeds\":1}"));
        assertTrue(m.contains("has trials/ but no spec.json"), m);
        Files.writeString(dir.resolve("file"), "x");
        m = claimFails(dir.resolve("file"), "ridge", tree("{\"seeds\":1}"));
        assertTrue(m.contains("output folder " + dir.resolve("file") + " is a file, not a folder"), m);
        // a structured spec.json without a kind (the structured command's specs) is recognised by its cases
        OutputFolder.claim(dir.resolve("s"), "structured", tree("{\"seeds\":1,\"cases\":[{\"name\":\"a\"}]}"), SEEDS);
        m = claimFails(dir.resolve("s"), "ridge", tree("{\"seeds\":1}"));
        assertTrue(m.contains("kind = \"structured\""), m);
    }

    /**
     * A spec parsed from TOML (decimal and long nodes) against its spec.json read back as JSON (double and int nodes):
     * the same spec, so the second claim is a plain resume; kind = "ridge" written or left out is the same spec too.
     */
    @Test
    void tomlNumbersAndAnExplicitDefaultKindAreTheSameSpec(@TempDir Path dir) throws Exception {
        ObjectNode toml = (ObjectNode) new com.fasterxml.jackson.dataformat.toml.TomlMapper().readTree("seeds = 2\nnoise = 0.1\nwidth = 10.0\n");
        OutputFolder.claim(dir, "ridge", toml, SEEDS);
        finished(dir);
        OutputFolder.claim(dir, "ridge", toml, SEEDS);
        ObjectNode withKind = toml.deepCopy().put("kind", "ridge");
        OutputFolder.claim(dir, "ridge", withKind, SEEDS);
        OutputFolder.claim(dir, "ridge", tree("{\"seeds\":2,\"noise\":0.1,\"width\":10}"), SEEDS);   // 10 is 10.0
        String m = claimFails(dir, "ridge", tree("{\"seeds\":2,\"noise\":0.1,\"width\":11}"));
        assertTrue(m.contains("width: 10.0 there, 11 here") || m.contains("width: 10 there, 11 here"), m);
    }

    @Test
    void theoryChecksARunsSpecBesideItAndOtherwiseKeepsItsOwnRecord(@TempDir Path dir) throws Exception {
        OutputFolder.claim(dir.resolve("run"), "ridge", tree("{\"seeds\":2,\"noise\":0.1}"), SEEDS);
        OutputFolder.claimForTheory(dir.resolve("run"), tree("{\"seeds\":3,\"noise\":0.1}"), SEEDS);     // more seeds: fine
        String m = assertThrows(OutputException.class,
                () -> OutputFolder.claimForTheory(dir.resolve("run"), tree("{\"seeds\":2,\"noise\":0.2}"), SEEDS)).getMessage();
        assertTrue(m.contains("different spec (noise: 0.1 there, 0.2 here)"), m);
        OutputFolder.claimForTheory(dir.resolve("alone"), tree("{\"seeds\":2,\"noise\":0.3}"), SEEDS);
        // a record without tables (a theory run interrupted before it wrote) keeps nothing: an edited spec takes it
        OutputFolder.claimForTheory(dir.resolve("alone"), tree("{\"seeds\":2,\"noise\":0.1}"), SEEDS);
        Files.writeString(dir.resolve("alone").resolve("theory.csv"), "curves");
        // another spec's curves were silently replaced: now refused by name, as run refuses
        m = assertThrows(OutputException.class,
                () -> OutputFolder.claimForTheory(dir.resolve("alone"), tree("{\"seeds\":2,\"noise\":0.2}"), SEEDS)).getMessage();
        assertTrue(m.contains("holds theory curves of a different spec (noise: 0.1 there, 0.2 here)"), m);
        OutputFolder.claimForTheory(dir.resolve("alone"), tree("{\"seeds\":5,\"noise\":0.1}"), SEEDS);    // more seeds: recomputed
        assertTrue(Files.readString(dir.resolve("alone").resolve(OutputFolder.THEORY_SPEC)).contains("5"));
        assertFalse(Files.exists(dir.resolve("alone").resolve(OutputFolder.SPEC)));
        Files.createDirectories(dir.resolve("bare"));
        Files.writeString(dir.resolve("bare").resolve("theory.csv"), "curves without their record");
        m = assertThrows(OutputException.class, () -> OutputFolder.claimForTheory(dir.resolve("bare"), tree("{\"seeds\":2}"), SEEDS)).getMessage();
        assertTrue(m.contains("has theory.csv but no theory_spec.json"), m);
        Files.writeString(dir.resolve("run").resolve("rows.csv"), "old");
        m = claimFails(dir.resolve("run"), "ridge", tree("{\"seeds\":2,\"noise\":0.1}"));
        assertTrue(m.contains("rows.csv of an older deeprf version"), m);
    }

    /** Seeds above 2^53 are told apart (one double, two seeds): a rerun with another seed is not the same spec. */
    @Test
    void largeSeedsCompareExactly(@TempDir Path dir) throws Exception {
        OutputFolder.claim(dir, "online", tree("{\"kind\":\"online\",\"seeds\":[9007199254740993]}"), SEEDS);
        finished(dir);
        String m = claimFails(dir, "online", tree("{\"kind\":\"online\",\"seeds\":[9007199254740992]}"));
        assertTrue(m.contains("different spec (seeds[1]: 9007199254740993 there, 9007199254740992 here)"), m);
    }

    /** theory_spec.json claims a theory-only folder: a run of that spec joins it (and spec.json replaces the record), another is refused. */
    @Test
    void aTheoryFolderTakesARunOfItsSpecOnly(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("t");
        OutputFolder.claimForTheory(t, tree("{\"seeds\":2,\"noise\":0.1}"), SEEDS);
        Files.writeString(t.resolve("theory.csv"), "curves");                          // the theory run wrote its tables
        String m = claimFails(t, "ridge", tree("{\"seeds\":2,\"noise\":0.2}"));
        assertTrue(m.contains("holds theory curves of a different spec (noise: 0.1 there, 0.2 here)"), m);
        m = claimFails(t, "online", tree("{\"kind\":\"online\",\"seeds\":2}"));
        assertTrue(m.contains("holds theory curves of a ridge spec and this spec is kind = \"online\""), m);
        OutputFolder.claim(t, "ridge", tree("{\"seeds\":1,\"noise\":0.1}"), SEEDS);     // fewer seeds than the theory's: fine
        assertTrue(Files.exists(t.resolve(OutputFolder.SPEC)));
        assertFalse(Files.exists(t.resolve(OutputFolder.THEORY_SPEC)), "the stale record is gone");
        OutputFolder.claimForTheory(t, tree("{\"seeds\":2,\"noise\":0.1}"), SEEDS);
        assertFalse(Files.exists(t.resolve(OutputFolder.THEORY_SPEC)), "a run's folder keeps its spec.json only");
        Files.writeString(t.resolve(OutputFolder.THEORY_SPEC), "{}");                 // left by an older version beside spec.json
        OutputFolder.claim(t, "ridge", tree("{\"seeds\":2,\"noise\":0.1}"), SEEDS);
        assertFalse(Files.exists(t.resolve(OutputFolder.THEORY_SPEC)), "a same-spec rerun removes it too");
    }

    /** Holds a folder's lock in a child JVM until its stdin closes: {@code HoldLock DIR}; prints "refused" if it cannot. */
    public static final class HoldLock {
        public static void main(String[] args) throws Exception {
            OutputFolder.Lock lock;
            try {
                lock = OutputFolder.lock(Path.of(args[0]));
            } catch (OutputException e) {
                System.out.println("refused");
                return;
            }
            try (lock) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) { /* until the parent closes our stdin */ }
            }
        }
    }

    /** A child JVM trying to lock {@code dir} ({@link HoldLock}); its first line says "refused" or "locked". */
    private static Process holder(Path dir) throws Exception {
        return new ProcessBuilder(deeprf.testing.ChildJvm.command(List.of(), HoldLock.class.getName(), dir.toString())).redirectErrorStream(true).start();
    }

    private static String firstLine(Process child) throws Exception {
        return new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream())).readLine();
    }

    /** Closes the child's stdin, so that a holder lets go, and waits for it to end. */
    private static void release(Process child) throws Exception {
        child.getOutputStream().close();
        assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
    }

    /** What a child JVM's attempt to lock {@code dir} says at once ("refused", or "locked", then it lets go). */
    private static String holdInChild(Path dir) throws Exception {
        Process child = holder(dir);
        try {
            return firstLine(child);
        } finally {
            release(child);
        }
    }

    @Test
    void oneRunAtATimePerFolderInThisJvmAndAcrossProcesses(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        try (OutputFolder.Lock first = OutputFolder.lock(run)) {
            String m = assertThrows(OutputException.class, () -> OutputFolder.lock(run)).getMessage();
            assertTrue(m.contains("output folder " + run + " is in use by another deeprf run (pid " + ProcessHandle.current().pid()), m);
            // the refusal in this JVM must not free the OS lock (fcntl locks drop when any descriptor of the file
            // closes): another process is still refused while the first run goes on
            assertEquals("refused", holdInChild(run));
        }
        OutputFolder.lock(run).close();                                     // released: the next run takes it

        Process child = holder(run);
        try {
            assertEquals("locked", firstLine(child));
            String m = assertThrows(OutputException.class, () -> OutputFolder.lock(run)).getMessage();
            assertTrue(m.contains("in use by another deeprf run (pid " + child.pid() + ", since "), m);
        } finally {
            release(child);
        }
        OutputFolder.lock(run).close();                                     // the child's exit released it
    }

    /**
     * A run out of memory is told to resume with more memory, or smaller blocks: the block size of the sample stream
     * changes only the order of the Gram's sums, so a rerun that changes it resumes (it was refused as another spec),
     * and its new draws agree with the first run's to the rounding of those sums.
     */
    @Test
    void aRerunWithAnotherBlockSizeResumes(@TempDir Path dir) throws Exception {
        String spec = ResumeTest.SPEC.replace("seeds = 2", "seeds = 1");
        try (deeprf.backend.Backend be = new deeprf.backend.java.JavaBackend(1)) {
            Experiment.Report first = new Experiment(ExperimentSpec.parse(spec, "t")).run(be, dir.resolve("ridge"), Progress.none());
            String smaller = spec.replace("seeds = 1", "seeds = 2") + "[compute]\nblock_size = 7\n";
            Experiment.Report again = new Experiment(ExperimentSpec.parse(smaller, "t")).run(be, dir.resolve("ridge"), Progress.none());
            assertEquals(first.ran(), again.skipped());
            assertEquals(first.ran(), again.ran(), "only the new seed's draws run");
            Experiment.Report fresh = new Experiment(ExperimentSpec.parse(spec.replace("seeds = 1", "seeds = 2"), "t")).run(be, dir.resolve("fresh"), Progress.none());
            ResumeTest.assertSame(ResumeTest.byKey(fresh.rows()), ResumeTest.byKey(again.rows()));
            // any other change is still another spec
            String m = assertThrows(OutputException.class, () -> new Experiment(ExperimentSpec.parse(smaller.replace("noise = 0.1", "noise = 0.2"), "t"))
                    .run(be, dir.resolve("ridge"), Progress.none())).getMessage();
            assertTrue(m.contains("teacher.noise"), m);
            // seeds dropped beside a new block size: the refusal names the seeds, not the block size it allows
            m = assertThrows(OutputException.class, () -> new Experiment(ExperimentSpec.parse(spec + "[compute]\nblock_size = 5\n", "t"))
                    .run(be, dir.resolve("ridge"), Progress.none())).getMessage();
            assertTrue(m.contains("different spec (seeds: 2 there, 1 here)"), m);
        }
        // only block_size is free in [compute]: another key there (none today) would still be another spec
        OutputFolder.claim(dir.resolve("trees"), "ridge", tree("{\"seeds\":2,\"compute\":{\"block_size\":5,\"x\":1}}"), SEEDS);
        finished(dir.resolve("trees"));
        OutputFolder.claim(dir.resolve("trees"), "ridge", tree("{\"seeds\":2,\"compute\":{\"block_size\":9,\"x\":1}}"), SEEDS);
        String other = claimFails(dir.resolve("trees"), "ridge", tree("{\"seeds\":2,\"compute\":{\"block_size\":9,\"x\":2}}"));
        assertTrue(other.contains("different spec (compute.x: 1 there, 2 here)"), other);
        // theory: its curves do not depend on the block size at all
        String theorySpec = ResumeTest.SPEC;
        OutputFolder.claimForTheory(dir.resolve("theory"), ExperimentSpec.parse(theorySpec, "t").raw(), ExperimentSpec::seedsOf);
        Files.writeString(dir.resolve("theory").resolve("theory.csv"), "point\n");
        OutputFolder.claimForTheory(dir.resolve("theory"), ExperimentSpec.parse(theorySpec + "[compute]\nblock_size = 5\n", "t").raw(), ExperimentSpec::seedsOf);
        // structured: its top-level block
        deeprf.structured.StructuredSpec s = deeprf.structured.StructuredRunnerTest.spec(deeprf.structured.StructuredRunnerTest.SMALL.replace("seeds = 2", "seeds = 1"));
        try (deeprf.backend.Backend be = new deeprf.backend.java.JavaBackend(1)) {
            deeprf.structured.StructuredRunner.run(s, dir.resolve("structured"), be, null);
            deeprf.structured.StructuredRunner.Result r = deeprf.structured.StructuredRunner.run(deeprf.structured.StructuredRunnerTest.spec(
                    deeprf.structured.StructuredRunnerTest.SMALL.replace("seeds = 2", "seeds = 1").replace("n0 = 60", "n0 = 60\nblock = 7")), dir.resolve("structured"), be, null);
            assertEquals(0, r.unitsRun());
        }
    }
}
