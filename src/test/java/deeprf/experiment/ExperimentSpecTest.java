package deeprf.experiment;

import deeprf.model.WeightStructure;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ExperimentSpecTest {
    static final String BASE = """
            seeds = 2
            [data]
            d = 50
            n_over_d = 2.0
            n_test = 300
            [teacher]
            kind = "linear"
            noise = 0.1
            [[learner.layers]]
            width = 60
            activation = "tanh"
            [readout]
            lambdas = [0.001, 0.1]
            """;

    static String message(String toml) {
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.parse(toml, "t.toml"));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void aTableGivenAsAValueAndABadSweepIndexSayWhatIsAllowed() {
        String m = message(BASE.replace("activation = \"tanh\"", "activation = \"tanh\"\nbias = \"none\""));
        assertTrue(m.startsWith("learner.layers[1].bias = \"none\" is not allowed; allowed: a table such as { distribution = \"normal\""), m);
        m = message(BASE + "[sweep]\n\"learner.layers.2.width\" = [30]\n");
        assertEquals("sweep.\"learner.layers.2.width\": index 2 is not allowed; allowed: an index from 1 to 1 (the spec's 'learner.layers' has 1 entry)", m);
        m = message(BASE + "[sweep]\n\"learner.layers.x.width\" = [30]\n");
        assertTrue(m.contains("'x' is not allowed; allowed: an index from 1 to 1"), m);
        m = message(BASE + "[sweep]\n\"readout.lambdas.3\" = [0.5]\n");      // the last step of the path: was an internal error
        assertTrue(m.contains("index 3 is not allowed; allowed: an index from 1 to 2 (the spec's 'readout.lambdas' has 2 entries)"), m);
        ExperimentSpec.parse(BASE + "[sweep]\n\"readout.lambdas.2\" = [0.5, 0.7]\n", "t");
        for (String path : new String[] {"data.d.", ".data.d", "data..d"})     // "data.d." ran as data.d
            assertTrue(message(BASE + "[sweep]\n\"" + path + "\" = [60]\n").contains("has an empty key between dots"), path);
    }

    @Test
    void anUnknownSweepAxisListsEveryShorthandItAccepts() {
        String m = message(BASE + "[sweep]\nfoo = [1]\n");
        assertTrue(m.startsWith("unknown sweep axis sweep.foo; allowed: n, n_over_d, n_test, n_test_over_d, d, noise, depth, width, width_over_d, activation, weight_scale, centre, surrogate, theory, or a dotted path"), m);
        ExperimentSpec s = ExperimentSpec.parse(BASE + "[sweep]\ntheory = [true, false]\n", "t");   // theory is one of them
        assertEquals(2, s.points().size());
    }

    /** Non-finite numbers in a list are shown as TOML writes them, not as JSON's strings "Infinity" and "NaN". */
    @Test
    void nonFiniteListValuesAreShownAsWritten() {
        assertTrue(message(BASE.replace("seeds = 2", "seeds = [1, nan]")).startsWith("seeds = [1, nan] is not allowed"));
        assertTrue(message(BASE.replace("lambdas = [0.001, 0.1]", "lambdas = [0.001, -inf]")).startsWith("readout.lambdas[2] = -inf is not allowed"));
    }

    /** A mistake in a key no axis changes is the spec's: no "at sweep point …" before it; one of a point's keeps it. */
    @Test
    void onlyAPointsOwnMistakeIsPrefixedWithThePoint() {
        String sweep = "[sweep]\nn_over_d = [0.5, 1, 2]\n";
        assertEquals("unknown key teacher.nosie = 0.2; allowed keys in teacher: kind, norm, noise; did you mean \"noise\"?",
                message(BASE.replace("noise = 0.1", "noise = 0.1\nnosie = 0.2") + sweep));
        String m = message(BASE + "[sweep]\nn_over_d = [-1, 0.5]\n");
        assertTrue(m.startsWith("at sweep point n_over_d = -1: "), m);
        m = message(BASE + "[sweep]\nn_over_d = [0.5, -1]\n");
        assertTrue(m.startsWith("at sweep point n_over_d = -1: "), m);
        // the sweep's two ends share a mistake that its middle does not make (a bad layer 2; depth 1 is fine): a point's
        String tied = BASE + "[[learner.layers]]\nwidth = 30\nactivation = \"tanh\"\nweights = { kind = \"tied\", layer = 1 }\n";
        m = message(tied + "[sweep]\ndepth = [2, 1, 3]\n");
        assertTrue(m.startsWith("at sweep point depth = 2: learner.layers[2].weights.layer = 1 is not allowed"), m);
        // every point makes it: the spec's
        m = message(tied + "[sweep]\ndepth = [2, 3]\n");
        assertTrue(m.startsWith("learner.layers[2].weights.layer = 1 is not allowed"), m);
    }

    @Test
    void refusesAMixtureComponentThatRoundsToNoNeuron() {
        // 0.001 of 60 neurons is 0.06: largest remainders give every neuron to tanh, a plain tanh layer under a mixture's label
        String m = message(BASE + "[[learner.layers]]\nwidth = 60\nmixture = [{activation = \"tanh\", fraction = 0.999}, {activation = \"relu\", fraction = 0.001}]\n");
        assertTrue(m.contains("learner.layers[2].mixture[2].fraction = 0.001") && m.contains("at least one of the layer's 60 neurons"), m);
        // the same through a width sweep: the point that makes the component vanish is named
        m = message(BASE + "[[learner.layers]]\nwidth = 60\nmixture = [{activation = \"tanh\", fraction = 0.95}, {activation = \"relu\", fraction = 0.05}]\n"
                + "[sweep]\n\"learner.layers.2.width\" = [60, 8]\n");
        assertTrue(m.contains("at sweep point") && m.contains("mixture[2].fraction = 0.05") && m.contains("8 neurons"), m);
        // one neuron is enough, and the counts still sum to the width
        ExperimentSpec ok = ExperimentSpec.parse(BASE + "[[learner.layers]]\nwidth = 60\nmixture = [{activation = \"tanh\", fraction = 0.98}, {activation = \"relu\", fraction = 0.02}]\n", "t.toml");
        int[] counts = ok.points().get(0).learner().get(1).neuronCounts();
        assertArrayEquals(new int[]{59, 1}, counts);
    }

    @Test
    void parsesAndExpandsTheSweep() {
        ExperimentSpec s = ExperimentSpec.parse(BASE + """
                [sweep]
                n_over_d = [0.5, 1, 3]
                activation = ["tanh", "clipped(1.1,2)"]
                """, "t");
        assertEquals(6, s.points().size());
        assertEquals(java.util.List.of(0L, 1L), s.seeds());
        assertEquals(25, s.points().get(0).n());
        assertEquals("clipped(1.1,2)", s.points().get(1).learner().get(0).activationLabel());
        assertEquals(150, s.points().get(5).n());
        assertEquals(60, s.points().get(0).features());
    }

    @Test
    void depthRepeatsTheLastLayerAndReferencesAreChecked() {
        ExperimentSpec s = ExperimentSpec.parse(BASE.replace("[[learner.layers]]", "[learner]\ndepth = 3\n[[learner.layers]]") + """
                [[learner.layers]]
                width = 60
                activation = "tanh"
                weights = { kind = "inverse_gram", layer = 1, shift = 0.5 }
                """, "t");
        assertEquals(3, s.points().get(0).learner().size());
        assertInstanceOf(WeightStructure.InverseGram.class, s.points().get(0).learner().get(2).weights());
        String m = message(BASE + """
                [[learner.layers]]
                width = 60
                activation = "tanh"
                weights = { kind = "tied", layer = 1 }
                """);
        assertTrue(m.contains("learner.layers[2].weights.layer"), m);
        m = message(BASE.replace("activation = \"tanh\"", "activation = \"tanh\"\nweights = { kind = \"tied\", layer = 1 }"));
        assertTrue(m.contains("learner.layers[1].weights.kind = \"tied\"") && m.contains("from layer 2 on"), m);
    }

    /** sweep.activation dropped a layer's mixture silently (and skipped that layer's checks): refused by name. */
    @Test
    void sweepingTheActivationOverAMixtureIsRefused() {
        String m = message(BASE + "[[learner.layers]]\nwidth = 60\nmixture = [{activation = \"linear\", fraction = 0.5}, {activation = \"sign\", fraction = 0.5}]\n"
                + "[sweep]\nactivation = [\"tanh\", \"relu\"]\n");
        assertTrue(m.startsWith("sweep.activation sets every learner layer's activation, but learner.layers[2] has a mixture; allowed: remove the mixture"), m);
        assertTrue(m.contains("\"learner.layers.2.mixture\""), m);
    }

    /** ExperimentSpec.load of an online spec said only "one of ridge": it now names the loader that reads it. */
    @Test
    void anotherKindNamesItsLoader() {
        assertEquals("kind = \"online\" is not a ridge spec; allowed here: kind = \"ridge\" (read online specs with"
                + " OnlineSpec.fromTree(ExperimentSpec.readTree(path)), or run any kind with deeprf run)", message("kind = \"online\"\n" + BASE));
        assertTrue(message("kind = \"structured\"\n" + BASE).contains("StructuredSpec.load(path)"));
    }

    @Test
    void moreLayerTablesThanTheDeepestNetworkAreRefused() {
        String layer = "[[learner.layers]]\nwidth = 5\nactivation = \"tanh\"\n";
        String m = message(BASE.replace("[[learner.layers]]", layer.repeat(1000) + "[[learner.layers]]"));
        assertEquals("learner.layers has 1001 layer tables; allowed: at most 1000", m);
        assertTrue(message(BASE.replace("[[learner.layers]]", "[learner]\ndepth = 1001\n[[learner.layers]]"))
                .contains("learner.depth = 1001 is not allowed; allowed: an integer from 1 to 1000"));
    }

    @Test
    void oneLineErrorsNameKeyValueAndWhatIsAllowed() {
        String m = message(BASE + "[compute]\nblok_size = 3\n");
        assertTrue(m.contains("compute.blok_size") && m.contains("block_size"), m);
        m = message(BASE.replace("d = 50", "d = -5"));
        assertTrue(m.contains("data.d = -5") && m.contains("integer from 1"), m);
        // jackson-dataformat-toml before 2.23 kept only the last digits of 19-digit integers: this ran with d = 50
        m = message(BASE.replace("d = 50", "d = 1000000000000000050"));
        assertTrue(m.contains("data.d = 1000000000000000050"), m);
        assertEquals(List.of(Long.MAX_VALUE), ExperimentSpec.parse(BASE.replace("seeds = 2", "seeds = [9223372036854775807]"), "t").seeds());
        m = message(BASE.replace("seeds = 2", "seeds = [18446744073709551616]"));          // 2^64: ran as seed 0 (asLong wraps)
        assertTrue(m.contains("seeds = [18446744073709551616] is not allowed"), m);
        m = message(BASE.replace("d = 50", "d = \"fifty\""));
        assertTrue(m.contains("data.d = \"fifty\"") && m.contains("allowed"), m);
        m = message(BASE.replace("activation = \"tanh\"", "activation = \"softplus\""));
        assertTrue(m.contains("learner.layers[1].activation = \"softplus\"") && m.contains("relu"), m);
        m = message(BASE.replace("lambdas = [0.001, 0.1]", "lambdas = [0.1, 0.001, 0.1]"));
        assertTrue(m.contains("readout.lambdas[3] = 0.1 repeats readout.lambdas[1]"), m);
        m = message(BASE + "[sweep]\nn_over_d = [1, 2, 1.0]\n");                  // 1 and 1.0 are one value
        assertTrue(m.contains("sweep.n_over_d[3] = 1 repeats sweep.n_over_d[1]"), m);
        m = message(BASE + "[sweep]\nd = [40, 80.0, 80]\n");                       // 80.0 printed as 80, not 8E+1
        assertTrue(m.contains("sweep.d[3] = 80 repeats sweep.d[2]"), m);
        // the same experiment once rounded or read: n = 100 for both, width 60 for both, tanh for both
        m = message(BASE.replace("n_over_d = 2.0", "n_over_d = 2.0") + "[sweep]\nn_over_d = [2, 2.001]\n");
        assertTrue(m.contains("sweep.n_over_d values 2 and 2.001 give the same experiment at every value of the other axes"), m);
        m = message(BASE.replace("width = 60", "width_over_d = 1.2") + "[sweep]\nwidth_over_d = [1.2, 1.201]\n");
        assertTrue(m.contains("sweep.width_over_d values 1.2 and 1.201 give the same experiment"), m);
        m = message(BASE + "[sweep]\nactivation = [\"tanh(2x)\", \"tanh(2.0x)\"]\n");
        assertTrue(m.contains("sweep.activation values tanh(2x) and tanh(2.0x) give the same experiment"), m);
        // where they coincide at some values of another axis only, the sweep is what was meant: it runs
        ExperimentSpec.parse(BASE + "[sweep]\nd = [50, 5000]\nn_over_d = [2, 2.001]\n", "t");
        // a dotted path changes what parameters() shows only through its own value: never taken for a repeat
        ExperimentSpec.parse(BASE + "[sweep]\n\"teacher.noise\" = [0.1, 0.2]\n", "t");
        // …but names read regardless of case, so a dotted path's Tanh and tanh are one value
        m = message(BASE + "[sweep]\n\"learner.layers.1.activation\" = [\"tanh\", \"Tanh\"]\n");
        assertTrue(m.contains("sweep.learner.layers.1.activation values tanh and Tanh give the same experiment"), m);
        ExperimentSpec.parse(BASE + "[sweep]\nn_over_d = [2, 2.1]\n", "t");         // n = 100 and 105: two points
        m = message(BASE + "[sweep]\nactivation = [\"relu\", \"relu\"]\n");
        assertTrue(m.contains("sweep.activation[2] = \"relu\" repeats"), m);
        m = message(BASE.replace("activation = \"tanh\"", "activation = \"tanhh\""));
        assertTrue(m.endsWith("did you mean \"tanh\"?"), m);
        m = message(BASE.replace("activation = \"tanh\"", "activation = \"tanh(y)\""));
        assertTrue(m.contains("argument 'y' must be c*x") && m.indexOf("clipped(a,b)") == m.lastIndexOf("clipped(a,b)"), m);   // the catalogue once
        m = message(BASE.replace("n_over_d = 2.0", "n_over_d = 2.0\nn = 5"));
        assertTrue(m.contains("data.n") && m.contains("both"), m);
        m = message(BASE + "[sweep]\nn_over_d = [1, -2]\n");
        assertTrue(m.contains("n_over_d = -2") && m.contains("data.n_over_d"), m);
        m = message(BASE + "[sweep]\nlambda = [1, 2]\n");
        assertTrue(m.contains("readout.lambdas"), m);
        m = message(BASE.replace("kind = \"linear\"", "kind = \"quadratic\""));
        assertTrue(m.contains("teacher.kind = \"quadratic\"") && m.contains("single_index"), m);
        m = message(BASE.replace("lambdas = [0.001, 0.1]", "lambdas = [0.001, -0.1]"));
        assertTrue(m.contains("readout.lambdas[2] = -0.1"), m);
        m = message("[data\n");
        assertTrue(m.contains("not valid TOML"), m);
        m = message(BASE + "[[learner.layers]]\nwidth = 60\nmixture = [{activation = \"tanh\", fraction = 0.5}, {activation = \"relu\", fraction = 0.4}]\n");
        assertTrue(m.contains("learner.layers[2].mixture") && m.contains("sum to 1"), m);
    }

    @Test
    void spectrumKindsAreSnakeCaseAndTheOldSpellingGetsAHint() {
        String spec = BASE.replace("n_test = 300\n", "n_test = 300\ncovariance = { kind = \"KIND\", exponent = 0.5 }\n");
        assertEquals("power_law(0.5)", ExperimentSpec.parse(spec.replace("KIND", "power_law"), "t").points().get(0).data().label());
        String m = message(spec.replace("KIND", "powerlaw"));
        assertTrue(m.contains("data.covariance.kind = \"powerlaw\" is not allowed; allowed: one of identity, power_law, spiked; did you mean \"power_law\"?"), m);
        m = message(spec.replace("KIND", "lognormal"));
        assertTrue(m.contains("data.covariance.kind = \"lognormal\"") && m.contains("power_law") && !m.contains("did you mean"), m);
    }

    @Test
    void theDemoSpecInTheJarIsTheExample() throws Exception {
        String example = Files.readString(Path.of("examples/demo.toml"));
        String bundled = Files.readString(Path.of("src/main/resources/deeprf/demo.toml"));
        assertEquals(example, bundled);
        assertTrue(ExperimentSpec.parse(example, "demo").points().size() > 1);
    }

    @Test
    void everyExampleSpecIsValid() throws Exception {
        try (var files = Files.walk(Path.of("examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".toml")).toList()) {
                if (ExperimentSpec.kindOf(p).equals("structured"))
                    assertFalse(deeprf.structured.StructuredSpec.load(p).cases().isEmpty(), p.toString());
                else if (ExperimentSpec.kindOf(p).equals("online"))
                    assertFalse(OnlineSpec.fromTree(ExperimentSpec.readTree(p)).points().isEmpty(), p.toString());
                else
                    assertFalse(ExperimentSpec.load(p).points().isEmpty(), p.toString());
            }
        }
    }

    @Test
    void twoSweepAxesSettingOneKeyAreRefusedNamingBoth() {
        String m = message(BASE + "[sweep]\nn = [50, 100]\n\"data.n\" = [60, 70]\n");
        assertTrue(m.contains("sweep.n and sweep.\"data.n\" both set data.n"), m);
        m = message(BASE + "[sweep]\nn_over_d = [1, 2]\nn = [60, 70]\n");
        assertTrue(m.contains("sweep.n_over_d and sweep.n both set data.n"), m);
        m = message(BASE + "[sweep]\nwidth = [40, 80]\n\"learner.layers.1.width_over_d\" = [1, 2]\n");
        assertTrue(m.contains("both set learner.layers.1.width"), m);
        // different keys stay allowed
        assertEquals(4, ExperimentSpec.parse(BASE + "[sweep]\nn_over_d = [1, 2]\nn_test = [100, 200]\n", "t").points().size());
    }

    @Test
    void aLogGridOfLambdasEndsExactlyAtItsEnds() {
        ExperimentSpec s = ExperimentSpec.parse(BASE.replace("lambdas = [0.001, 0.1]", "lambda_grid = { from = 1e-4, to = 10, count = 5 }"), "t");
        double[] l = s.points().get(0).lambdas();
        assertEquals(5, l.length);
        assertEquals(1e-4, l[0], 0.0);
        assertEquals(10.0, l[4], 0.0);
        assertEquals(Math.sqrt(1e-3), l[2], 1e-16);                    // the middle: the geometric mean of the ends
        // decades exactly, as numpy.logspace gives them (the former from·(to/from)^t wrote 0.009999999999999995)
        l = ExperimentSpec.parse(BASE.replace("lambdas = [0.001, 0.1]", "lambda_grid = { from = 1e-3, to = 1, count = 4 }"), "t").points().get(0).lambdas();
        assertArrayEquals(new double[] {0.001, 0.01, 0.1, 1}, l, 0.0);
        l = ExperimentSpec.parse(BASE.replace("lambdas = [0.001, 0.1]", "lambda_grid = { from = 1e-6, to = 1e2, count = 9 }"), "t").points().get(0).lambdas();
        assertArrayEquals(new double[] {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100}, l, 0.0);
        String m = message(BASE.replace("lambdas = [0.001, 0.1]", "lambda_grid = { from = 0.1, to = 0.1, count = 3 }"));
        assertTrue(m.contains("readout.lambda_grid.count = 3") && m.contains("1 when from = to"), m);
    }

    @Test
    void aMissingKeyNamesTheMisspellingBesideIt() {
        String m = message(BASE.replace("activation = \"tanh\"", "activaton = \"tanh\""));
        assertTrue(m.contains("learner.layers[1].activation is missing") && m.contains("did you mean \"activation\" (the table has \"activaton\")"), m);
        m = message(BASE.replace("lambdas = [0.001, 0.1]", "lambda = [0.001, 0.1]"));
        assertTrue(m.contains("did you mean \"lambdas\" (the table has \"lambda\")"), m);
        m = message(BASE.replace("lambdas = [0.001, 0.1]", "lambdas = [0.001, 0.1]\nplot_lambda = 0.5"));
        assertTrue(m.contains("readout.plot_lambda = 0.5") && m.contains("nearest: 0.1"), m);
        assertEquals(0.1, ExperimentSpec.parse(BASE.replace("lambdas = [0.001, 0.1]", "lambdas = [0.001, 0.1]\nplot_lambda = 0.1"), "t").plotLambda());
        m = message(BASE.replace("activation = \"tanh\"", "activation = \"tanhh\""));
        assertTrue(m.contains("learner.layers[1].activation = \"tanhh\"") && m.endsWith("did you mean \"tanh\"?"), m);
        m = message(BASE.replace("activation = \"tanh\"", "activation = \"tanh(0x)\""));
        assertTrue(m.contains("must not be 0"), m);
        m = message(BASE.replace("d = 50", "dim = 50"));                 // not a typo of d: no suggestion
        assertFalse(m.contains("did you mean"), m);
    }

    @Test
    void anotherKindsSpecWithoutItsKindLineSaysSo() {
        // a structured spec without kind = "structured" said "data.d is missing"
        String m = message("n0 = 200\nseeds = 2\ndata = {kind = \"power_law\", exponent = 1.0}\n[[cases]]\nname = \"a\"\nlayers = [{ratio = 0.5}]\n");
        assertTrue(m.startsWith("this spec has ") && m.contains("kind = \"structured\"") && m.contains("(the default)"), m);
        m = message("kind = \"ridge\"\n[online]\nn = [100]\n");
        assertTrue(m.contains("this spec has online") && m.contains("kind = \"online\" at the top") && !m.contains("(the default)"), m);
    }

    @Test
    void aMisspelledTableOrTopLevelKeyIsNamedBesideTheHint() {
        // the table's name spelt wrong: the message said only "[readout] is missing"
        String m = message(BASE.replace("[readout]", "[readuot]"));
        assertTrue(m.contains("[readout] is missing") && m.contains("did you mean \"readout\" (the table has \"readuot\")"), m);
        m = message(BASE.replace("[teacher]", "[teacher_]"));
        assertTrue(m.contains("[teacher] is missing") && m.contains("(the table has \"teacher_\")"), m);
        // an unknown key that is a typo of an allowed one says which
        m = message(BASE.replace("[data]", "seed = 3\n[data]"));
        assertTrue(m.contains("unknown key seed = 3") && m.endsWith("did you mean \"seeds\"?"), m);
    }
    @Test
    void tomlSyntaxErrorsSayWhereAndWhichKey(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // BASE has d = 50 on line 3, inside [data]; the duplicate on line 4 (Jackson itself points at line 5).
        String m = message(BASE.replace("d = 50\n", "d = 50\nd = 60\n"));
        assertEquals("t.toml, line 4, column 1: not valid TOML: duplicate key 'd' in [data] (a key may be set only once in a table)", m);
        m = message("d = 1\nd = 2");                                           // last line, no newline
        assertTrue(m.startsWith("t.toml, line 2, column 1:") && m.contains("duplicate key 'd'") && !m.contains(" in ["), m);
        m = message("[t]\nx = {a = 1, \"b c\" = [1, {z = 2}], a = 3}\n");   // inside an inline table: the inner key
        assertTrue(m.startsWith("t.toml, line 2, column 35:") && m.contains("duplicate key 'a' in [t]"), m);
        m = message("d = 1\n# a comment with k = v\nd = {a = 1, s = \"\"\"x\ny = 2\"\"\"}\n\n");   // after a value that is a table
        assertTrue(m.startsWith("t.toml, line 3, column 1:") && m.contains("duplicate key 'd'"), m);
        m = message("seeds = 2\nd = = 50\n");
        assertEquals("t.toml, line 2, column 5: not valid TOML: Unknown token in \"d = = 50\"", m);
        assertFalse(message("[data\n").contains("REDACTED"));

        // A file saved with a UTF-8 byte-order mark is read like one without.
        Path bom = dir.resolve("bom.toml");
        Files.write(bom, ("\uFEFF" + BASE).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(50, ExperimentSpec.load(bom).points().get(0).d());
    }

    /** Enumerated names match regardless of case, as activation names always did ("Tanh" ran, "Linear" was refused). */
    @Test
    void namesMatchRegardlessOfCase() {
        ExperimentSpec s = ExperimentSpec.parse("kind = \"Ridge\"\n" + BASE.replace("kind = \"linear\"", "kind = \"Linear\"")
                .replace("n_test = 300", "n_test = 300\ncovariance = \"Identity\"")
                .replace("activation = \"tanh\"", "activation = \"TANH\"\nweights = { kind = \"IID\" }"), "t");
        assertEquals("tanh", s.points().get(0).learner().get(0).activationLabel());
        assertTrue(message(BASE.replace("kind = \"linear\"", "kind = \"Lnear\"")).contains("did you mean"));
    }
}
