package deeprf.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import deeprf.structured.StructuredRunner;
import deeprf.structured.StructuredRunnerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Every run kind's summary.json opens with the same keys, named and ordered alike, so one script reads them all. */
class SummaryKeysTest {
    static final List<String> SHARED = List.of("kind", "title", "deeprf_version", "java", "backend", "device", "threads", "seeds",
            "draws", "draws_run_now", "draws_resumed", "started_utc", "finished_utc", "wall_seconds");
    static final List<String> LAST = List.of("files", "spec");

    /** One small run of each kind into dir/ridge, dir/online, dir/structured. */
    private static void runEveryKind(Path dir) throws Exception {
        try (Backend be = new JavaBackend(1)) {
            new Experiment(ExperimentSpec.parse(ResumeTest.SPEC.replace("seeds = 2", "seeds = 1"), "t")).run(be, dir.resolve("ridge"), Progress.none());
            new OnlineExperiment(OnlineExperimentTest.spec(OnlineExperimentTest.CURVES.replace("seeds = [1, 2]", "seeds = [1]")))
                    .run(be, dir.resolve("online"), Progress.none());
            StructuredRunner.run(StructuredRunnerTest.spec(StructuredRunnerTest.SMALL.replace("seeds = 2", "seeds = 1")), dir.resolve("structured"), be, null);
        }
    }

    @Test
    void ridgeOnlineAndStructuredShareTheirLeadingKeys(@TempDir Path dir) throws Exception {
        runEveryKind(dir);
        for (String kind : List.of("ridge", "online", "structured")) {
            JsonNode s = new ObjectMapper().readTree(dir.resolve(kind).resolve("summary.json").toFile());
            List<String> keys = new ArrayList<>();
            s.fieldNames().forEachRemaining(keys::add);
            assertEquals(SHARED, keys.subList(0, SHARED.size()), kind);
            assertEquals(LAST, keys.subList(keys.size() - 2, keys.size()), kind);
            assertEquals(kind, s.get("kind").asText());
            assertTrue(s.get("files").toString().contains("results.csv"), kind);
        }
    }

    /**
     * wall_seconds is the run's wall time, started_utc to finished_utc, in every kind: the ridge run once stopped its
     * clock before aggregated.csv and the plots (layer spectra can take most of a run), which online and structured
     * runs count.
     */
    @Test
    void wallSecondsSpanTheWholeRunInEveryKind(@TempDir Path dir) throws Exception {
        runEveryKind(dir);
        for (String kind : List.of("ridge", "online", "structured")) {
            JsonNode s = new ObjectMapper().readTree(dir.resolve(kind).resolve("summary.json").toFile());
            double span = java.time.Duration.between(java.time.Instant.parse(s.get("started_utc").asText()),
                    java.time.Instant.parse(s.get("finished_utc").asText())).toNanos() * 1e-9;
            double wall = s.get("wall_seconds").asDouble();
            assertTrue(wall <= span + 0.05 && wall >= span - 0.1, kind + ": wall_seconds " + wall + " against " + span + " s from started_utc to finished_utc");
        }
    }

    /** deeprf_version names the commit the classes were built from (the build's deeprf/git.properties), where there is a .git. */
    @Test
    void theVersionNamesTheBuildCommit() throws Exception {
        String v = SummaryJson.deeprfVersion();
        if (!java.nio.file.Files.exists(Path.of(".git"))) {            // a source archive: the version alone
            assertFalse(v.contains("+git"), v);
            return;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(dev|\\d[^+]*)\\+git\\.([0-9a-f]{12,40})(\\.dirty)?").matcher(v);
        assertTrue(m.matches(), v);
        Process git;
        try {
            git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        } catch (java.io.IOException noGit) {
            return;                                                     // no git command to ask: the form alone
        }
        String head = new String(git.getInputStream().readAllBytes()).trim();
        // Maven writes the properties at every build (its initialize phase), so they name this checkout's HEAD
        if (git.waitFor() == 0 && head.matches("[0-9a-f]{40}")) assertTrue(head.startsWith(m.group(2)), v + " against HEAD " + head);
    }
}
