package deeprf.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import deeprf.io.OutputException;
import deeprf.structured.StructuredSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The folder rule reads a spec as its parser does: a default written out, or a name spelt in other case, is the spec
 * that leaves it out (a rerun resumes); a value other than the default is a different spec, named by its key.
 */
class SpecDefaultsTest {
    private static final String RIDGE = ExperimentSpecTest.BASE;

    private static ObjectNode toml(String text) throws Exception {
        return (ObjectNode) new TomlMapper().readTree(text);
    }

    private static boolean same(UnaryOperator<ObjectNode> withDefaults, String a, String b) throws Exception {
        ObjectNode x = withDefaults.apply(toml(a)), y = withDefaults.apply(toml(b));
        return SpecNode.sameValue(x, y);
    }

    @Test
    void ridgeDefaultsWrittenOutAreTheSameSpec() throws Exception {
        UnaryOperator<ObjectNode> d = ExperimentSpec::withDefaults;
        assertTrue(same(d, RIDGE, RIDGE.replace("lambdas = [0.001, 0.1]", "lambdas = [0.001, 0.1]\ncentre = false\nsurrogate = true\ntheory_target = \"Averaged\"")));
        assertTrue(same(d, RIDGE, RIDGE.replace("noise = 0.1", "noise = 0.1\nnorm = 1.0")));
        assertTrue(same(d, RIDGE, RIDGE.replace("d = 50", "d = 50\ncovariance = \"Identity\"")));
        assertTrue(same(d, RIDGE, RIDGE.replace("d = 50", "d = 50\ncovariance = {kind = \"identity\"}")));
        assertFalse(same(d, RIDGE, RIDGE.replace("d = 50", "d = 50\ncovariance = {kind = \"power_law\", exponent = 1}")));
        assertTrue(same(d, RIDGE, RIDGE.replace("activation = \"tanh\"", "activation = \"Tanh\"\nweight_scale = 1")));
        // optional tables written out at their defaults: no bias, i.i.d. weights, the block size, the smallest λ' plotted
        assertTrue(same(d, RIDGE, RIDGE.replace("width = 60", "width = 60\nbias = {distribution = \"none\"}\nweights = {kind = \"iid\"}")));
        assertTrue(same(d, RIDGE, RIDGE + "[compute]\nblock_size = 8192\n"));
        assertFalse(same(d, RIDGE, RIDGE + "[compute]\nblock_size = 512\n"));
        assertTrue(same(d, RIDGE, RIDGE.replace("lambdas = [0.001, 0.1]", "lambdas = [0.001, 0.1]\nplot_lambda = 0.001")));
        assertFalse(same(d, RIDGE, RIDGE.replace("lambdas = [0.001, 0.1]", "lambdas = [0.001, 0.1]\nplot_lambda = 0.1")));
        // a bias table with its mean left out and written as the default
        String biased = RIDGE.replace("width = 60", "width = 60\nbias = {distribution = \"normal\", std = 1.5}");
        assertTrue(same(d, biased, biased.replace("std = 1.5}", "std = 1.5, mean = 0.0}")));
        // not defaults: other values differ
        assertFalse(same(d, RIDGE, RIDGE.replace("lambdas = [0.001, 0.1]", "lambdas = [0.001, 0.1]\ncentre = true")));
        assertFalse(same(d, RIDGE, RIDGE.replace("activation = \"tanh\"", "activation = \"relu\"")));
        assertFalse(same(d, RIDGE, RIDGE.replace("n_test = 300", "n_test = 2000")), "n_test is written in both: 300 is not 2000");
        String noTest = RIDGE.replace("n_test = 300\n", "");
        assertTrue(same(d, noTest, RIDGE.replace("n_test = 300", "n_test = 2000")), "n_test left out is 2000");
    }

    @Test
    void aDefaultThatFollowsASweptKeyIsNotWrittenAndASweptNameKeepsItsSpelling() throws Exception {
        // depth's default is the number of layer tables whatever the sweep; block_size's follows the swept width
        String swept = RIDGE + "[compute]\n[sweep]\nwidth = [60, 4000]\n";
        ObjectNode filled = ExperimentSpec.withDefaults(toml(swept));
        assertEquals(1, filled.path("learner").path("depth").asInt());
        assertFalse(filled.path("compute").has("block_size"), filled.toString());
        // the template's activation is overridden by the sweep at every point: it is left as written
        String byName = RIDGE + "[sweep]\nactivation = [\"relu\", \"erf\"]\n";
        assertEquals("Tanh", ExperimentSpec.withDefaults(toml(byName.replace("\"tanh\"", "\"Tanh\""))).path("learner").path("layers").get(0).path("activation").asText());
        assertEquals("tanh", ExperimentSpec.withDefaults(toml(RIDGE.replace("\"tanh\"", "\"Tanh\""))).path("learner").path("layers").get(0).path("activation").asText());
    }

    @Test
    void aTreeThatDoesNotParseIsComparedAsWritten() throws Exception {
        ObjectNode bad = toml(RIDGE.replace("noise = 0.1", "nosie = 0.1"));
        assertEquals(bad, ExperimentSpec.withDefaults(bad));
    }

    @Test
    void onlineDefaultsAndStructuredDefaults() throws Exception {
        String online = """
                kind = "online"
                [online]
                n = [60]
                k = [30]
                eta = [0.5]
                alpha_max = 2
                """;
        assertTrue(same(OnlineSpec::withDefaults, online, online.replace("n = [60]", "n = [60]\nmode = \"Curves\"\nm = 2\nactivation = \"erf(x/sqrt2)\"\nreplicas = 16")));
        assertFalse(same(OnlineSpec::withDefaults, online, online.replace("n = [60]", "n = [60]\nm = 3")));
        assertFalse(OnlineSpec.withDefaults(toml(online)).path("online").has("mc_samples"), "left out: exact moments, not a default value");

        String structured = """
                kind = "structured"
                n0 = 100
                sample_ratios = [0.5, 1.0]
                [[cases]]
                name = "a"
                layers = [{ratio = 0.5}]
                """;
        UnaryOperator<ObjectNode> s = StructuredSpec::withDefaults;
        assertTrue(same(s, structured, structured.replace("n0 = 100", "n0 = 100\nnoise = 0.0\nlambdas = 0.0\nsimulate = true\nblock = 512\ntheory_points = 200\ndata = \"Identity\"\ntarget = {kind = \"isotropic\"}")));
        assertTrue(same(s, structured, structured.replace("{ratio = 0.5}", "{ratio = 0.5, sigma = \"identity\", align = \"None\"}")));
        assertFalse(same(s, structured, structured.replace("n0 = 100", "n0 = 100\nsimulate = false")));
        String caseTarget = structured.replace("name = \"a\"", "name = \"a\"\ntarget = {kind = \"power_law\", exponent = 1}");
        assertTrue(same(s, caseTarget, caseTarget.replace("exponent = 1}", "exponent = 1, reversed = false}")), "a case's target defaults too");
        assertFalse(same(s, caseTarget, caseTarget.replace("exponent = 1}", "exponent = 1, reversed = true}")));
        assertTrue(same(s, structured.replace("[0.5, 1.0]", "0.5"), structured.replace("[0.5, 1.0]", "[0.5]")), "one ratio is a list of one");
        // a case that writes out what it inherits from the top level
        String top = structured.replace("n0 = 100", "n0 = 100\nnoise = 0.1\ndata = {kind = \"power_law\", exponent = 1.0}");
        assertTrue(same(s, top, top.replace("name = \"a\"", "name = \"a\"\nnoise = 0.1\ndata = {kind = \"power_law\", exponent = 1.0}\ntarget = \"isotropic\"")));
        assertFalse(same(s, top, top.replace("name = \"a\"", "name = \"a\"\nnoise = 0.2")));
        assertFalse(same(s, structured, structured.replace("{ratio = 0.5}", "{ratio = 0.5, align = \"data\"}")));
    }

    @Test
    void aRidgeRerunThatWritesADefaultResumesAndAnotherValueIsRefusedByName(@TempDir Path dir) throws Exception {
        Function<ObjectNode, Collection<Long>> seeds = ExperimentSpec::seedsOf;
        OutputFolder.claim(dir, "ridge", toml(RIDGE), seeds, ExperimentSpec::withDefaults);
        Files.writeString(dir.resolve("summary.json"), "{}");             // a finished draw: a different spec is refused
        OutputFolder.claim(dir, "ridge", toml(RIDGE.replace("lambdas = [0.001, 0.1]", "lambdas = [0.001, 0.1]\ncentre = false")), seeds, ExperimentSpec::withDefaults);
        String m = assertThrows(OutputException.class, () -> OutputFolder.claim(dir, "ridge",
                toml(RIDGE.replace("lambdas = [0.001, 0.1]", "lambdas = [0.001, 0.1]\ncentre = true")), seeds, ExperimentSpec::withDefaults)).getMessage();
        assertTrue(m.contains("readout.centre"), m);
        // a default that follows another key differs (block_size after the swept widths): the key the user changed is named
        Path swept = dir.resolve("swept");
        String sweep = RIDGE + "[compute]\n[sweep]\nwidth = [60, 4000]\n";
        OutputFolder.claim(swept, "ridge", toml(sweep), seeds, ExperimentSpec::withDefaults);
        Files.writeString(swept.resolve("summary.json"), "{}");
        String other = assertThrows(OutputException.class, () -> OutputFolder.claim(swept, "ridge", toml(sweep.replace("4000", "100")), seeds,
                ExperimentSpec::withDefaults)).getMessage();
        assertTrue(other.contains("(sweep.width[2]: 4000 there, 100 here)"), other);
        // a default written out on one side beside a real change: the real change is named (structured: a target
        // written as a name becomes a table, so the written and filled paths differ)
        Path structured = dir.resolve("structured");
        String st = """
                kind = "structured"
                n0 = 100
                sample_ratios = [0.5, 1.0]
                simulate = true
                target = {kind = "power_law", exponent = 1}
                [[cases]]
                name = "a"
                layers = [{ratio = 0.5}]
                """;
        Function<ObjectNode, Collection<Long>> structuredSeeds = t -> java.util.Arrays.stream(StructuredSpec.parse(t).seeds()).boxed().toList();
        OutputFolder.claim(structured, "structured", toml(st), structuredSeeds, StructuredSpec::withDefaults);
        Files.writeString(structured.resolve("summary.json"), "{}");
        String target = assertThrows(OutputException.class, () -> OutputFolder.claim(structured, "structured",
                toml(st.replace("simulate = true\n", "").replace("{kind = \"power_law\", exponent = 1}", "\"isotropic\"")), structuredSeeds,
                StructuredSpec::withDefaults)).getMessage();
        assertTrue(target.contains("(target.kind: \"power_law\" there, \"isotropic\" here)"), target);
        // more seeds with a default written out: a rerun that adds seeds
        OutputFolder.claim(dir, "ridge", toml(RIDGE.replace("seeds = 2", "seeds = 3").replace("noise = 0.1", "noise = 0.1\nnorm = 1")), seeds, ExperimentSpec::withDefaults);
        ObjectNode written = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("spec.json").toFile());
        assertEquals(java.util.List.of(0L, 1L, 2L), ExperimentSpec.seedsOf(written));
    }
}
