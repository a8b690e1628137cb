package deeprf.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import deeprf.io.OutputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class OnlineExperimentTest {
    static OnlineSpec spec(String toml) throws Exception {
        return OnlineSpec.fromTree((ObjectNode) new TomlMapper().readTree(toml));
    }

    static final String CURVES = """
            kind = "online"
            seeds = [1, 2]
            [online]
            n = [60]
            k = [90]
            m = 2
            eta = [1.0, 9.0]
            replicas = 4
            alpha_max = 1
            records = 5
            """;

    @Test
    void curvesRunWritesTidyRowsResumesAndReportsDivergenceWithoutNaN(@TempDir Path dir) throws Exception {
        OnlineSpec s = spec(CURVES);
        try (Backend be = new JavaBackend(2)) {
            OnlineExperiment.Report r = new OnlineExperiment(s).run(be, dir, Progress.none());
            assertEquals(4, r.ran());
            List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
            assertEquals(String.join(",", OnlineExperiment.CURVE_COLUMNS), lines.get(0));
            assertTrue(lines.size() > 1 + 4 * 2, "rows: " + lines.size());
            for (String l : lines) assertFalse(l.contains("NaN") || l.contains("Infinity"), l);
            assertTrue(lines.stream().anyMatch(l -> l.contains(",diverged,") || l.contains(",partly_diverged,")),
                    "eta=9 is 3x the stability bound of about 3");
            assertEquals(lines.stream().skip(1).filter(l -> !l.contains(",ok,")).count(), r.notOk());
            // an empty cell says why: unstable rows leave eps_stationary empty, with the reason even where status is ok
            List<String> head = Csv.parse(lines.get(0));
            long unstable = 0;
            for (String l : lines.subList(1, lines.size())) {
                List<String> f = Csv.parse(l);
                if (!f.get(head.indexOf("stable")).equals("false")) continue;
                unstable++;
                assertEquals("", f.get(head.indexOf("eps_stationary")), l);
                assertTrue(f.get(head.indexOf("message")).contains("the finite-eta theory has no stationary error (eps_stationary empty)"), l);
            }
            assertTrue(unstable > 0);
            assertTrue(r.notOk() > 0);
            assertTrue(Files.exists(dir.resolve("aggregated.csv")));
            assertTrue(Files.size(dir.resolve("learning_curves.png")) > 1000);
            assertFalse(Files.exists(dir.resolve("learning_curves_2.png")), "4 curves fit one panel");
            assertTrue(Files.exists(dir.resolve("summary.json")));
            // a finished draw's file is what resumes: delete one, rerun, only that one runs again
            Files.delete(dir.resolve("trials").resolve("p1-s2.csv"));
            OnlineExperiment.Report again = new OnlineExperiment(s).run(be, dir, Progress.none());
            assertEquals(1, again.ran());
            assertEquals(3, again.skipped());
            assertEquals(withoutTimings(lines), withoutTimings(Files.readAllLines(dir.resolve("results.csv"))),
                    "rerun reproduces the same rows bit for bit (wall times aside)");
            // one more seed: only its draws run; another η is another spec, refused by name
            OnlineExperiment.Report more = new OnlineExperiment(spec(CURVES.replace("seeds = [1, 2]", "seeds = [1, 2, 3]"))).run(be, dir, Progress.none());
            assertEquals(2, more.ran());
            assertEquals(4, more.skipped());
            OnlineSpec other = spec(CURVES.replace("eta = [1.0, 9.0]", "eta = [1.0, 2.0]"));
            OutputException e = assertThrows(OutputException.class, () -> new OnlineExperiment(other).run(be, dir, Progress.none()));
            assertTrue(e.getMessage().contains("different spec (online.eta[2]: 9 there, 2 here)"), e.getMessage());
        }
    }

    /**
     * The new-user review's case: near the stability bound one seed keeps all its replicas while the other loses some;
     * aggregated.csv's message held only the first seed's reason, so nothing said that the point's eps_mean took the
     * second seed's surviving replicas only. Every reason is now there once, and each draw that lost replicas is
     * named with what is left of its eps_mean.
     */
    @Test
    void aggregatedMessageNamesEverySeedThatLostReplicas(@TempDir Path dir) throws Exception {
        OnlineSpec s = spec("""
                kind = "online"
                seeds = [1, 2]
                [online]
                n = [40]
                k = [80]
                m = 2
                activation = "tanh"
                eta = [8.0]
                replicas = 4
                alpha_max = 4
                """);
        try (Backend be = new JavaBackend(2)) {
            new OnlineExperiment(s).run(be, dir, Progress.none());
        }
        List<String> rows = Files.readAllLines(dir.resolve("results.csv")), agg = Files.readAllLines(dir.resolve("aggregated.csv"));
        List<String> rh = Csv.parse(rows.get(0)), ah = Csv.parse(agg.get(0));
        java.util.Map<String, String> messageAtStep = new java.util.HashMap<>();
        for (String l : agg.subList(1, agg.size())) {
            List<String> f = Csv.parse(l);
            messageAtStep.put(f.get(ah.indexOf("alpha")), f.get(ah.indexOf("message")));
        }
        int partly = 0;
        for (String l : rows.subList(1, rows.size())) {
            List<String> f = Csv.parse(l);
            String message = messageAtStep.get(f.get(rh.indexOf("alpha"))), status = f.get(rh.indexOf("status"));
            List<String> parts = List.of(message.split("; "));
            assertEquals(parts.size(), new java.util.HashSet<>(parts).size(), "each reason once: " + message);
            List<String> own = List.of(f.get(rh.indexOf("message")).split("; "));
            if (status.equals("ok")) {
                for (String part : own) if (!part.isEmpty()) assertTrue(parts.contains(part), part + " in " + message);
                continue;
            }
            // the draw's divergence, named by seed, then its other reasons as they are
            String ok = f.get(rh.indexOf("replicas_ok"));
            String named = "seed " + f.get(rh.indexOf("seed")) + ": " + own.get(0)
                    + (ok.equals("0") ? ", so it has no eps_mean" : ", so its eps_mean averages its " + ok + (ok.equals("1") ? " surviving replica" : " surviving replicas"));
            assertTrue(parts.contains(named), named + " in " + message);
            for (String part : own.subList(1, own.size())) assertTrue(parts.contains(part), part + " in " + message);
            if (status.equals("partly_diverged")) partly++;
        }
        assertTrue(partly > 0, "eta = 8 is above the bound of about 2.4: some draw loses only some replicas");
        // one seed whole, the other partly diverged: the case the review found
        String mixed = agg.stream().skip(1).map(Csv::parse)
                .filter(f -> f.get(ah.indexOf("seeds_ok")).equals("1") && !f.get(ah.indexOf("eps_mean")).isEmpty())
                .map(f -> f.get(ah.indexOf("message"))).filter(m -> m.contains(" surviving replica")).findFirst().orElse(null);
        assertNotNull(mixed, String.join("\n", agg));
    }

    /** The aggregate message's text: reasons once in order, a draw that lost replicas named by seed. */
    @Test
    void aggregateMessageText() {
        String bound = "eta above the stability bound 2.4: the finite-eta theory has no stationary error (eps_stationary empty) and grows without limit";
        List<java.util.Map<String, String>> rows = List.of(
                java.util.Map.of("seed", "1", "replicas_ok", "4", "message", bound),
                java.util.Map.of("seed", "2", "replicas_ok", "3", "message", "1 of 4 replicas diverged (eta above the stability bound 2.4); " + bound),
                java.util.Map.of("seed", "3", "replicas_ok", "0", "message", "4 of 4 replicas diverged (eta above the stability bound 2.4); " + bound),
                java.util.Map.of("seed", "4", "replicas_ok", "4", "message", ""),
                java.util.Map.of("seed", "5", "replicas_ok", "1", "message", "3 of 4 replicas diverged (eta above the stability bound 2.4); " + bound));
        assertEquals(bound + "; seed 2: 1 of 4 replicas diverged (eta above the stability bound 2.4), so its eps_mean averages its 3 surviving replicas"
                + "; seed 3: 4 of 4 replicas diverged (eta above the stability bound 2.4), so it has no eps_mean"
                + "; seed 5: 3 of 4 replicas diverged (eta above the stability bound 2.4), so its eps_mean averages its 1 surviving replica", OnlineExperiment.message(rows));
        assertEquals("", OnlineExperiment.message(List.of(java.util.Map.of("seed", "1", "replicas_ok", "4", "message", ""))));
    }

    /** A result file that cannot be written: one line naming it and the reason, not the temporary's path. */
    @Test
    void aResultFileThatCannotBeWrittenIsNamedWithTheReason(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("aggregated.csv").resolve("x"));     // a folder where aggregated.csv goes
        try (Backend be = new JavaBackend(2)) {
            OutputException e = assertThrows(OutputException.class,
                    () -> new OnlineExperiment(spec(CURVES.replace("seeds = [1, 2]", "seeds = [1]").replace("eta = [1.0, 9.0]", "eta = [1.0]")))
                            .run(be, dir, Progress.none()));
            assertTrue(e.getMessage().startsWith("cannot write " + dir.resolve("aggregated.csv") + ": "), e.getMessage());
            assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        }
    }

    /** Drops the "seconds" column, the only one that may differ between two runs of the same draw. */
    static List<String> withoutTimings(List<String> lines) {
        int col = OnlineExperiment.CURVE_COLUMNS.indexOf("seconds");
        return lines.stream().map(l -> {
            List<String> f = new java.util.ArrayList<>(List.of(l.split(",", -1)));
            f.remove(col);
            return String.join(",", f);
        }).toList();
    }

    @Test
    void widthModeComparesSampledWeightsWithTheAsymptoticCurve(@TempDir Path dir) throws Exception {
        OnlineSpec s = spec("""
                kind = "online"
                seeds = [1]
                [online]
                mode = "width"
                n = [50]
                k_over_n = [0.5, 4]
                m = 2
                """);
        try (Backend be = new JavaBackend(2)) {
            new OnlineExperiment(s).run(be, dir, Progress.none());
        }
        List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(3, lines.size());
        double e1 = Double.parseDouble(lines.get(1).split(",")[7]), e2 = Double.parseDouble(lines.get(2).split(",")[7]);
        assertTrue(e2 < e1, "wider students explain more: " + e1 + " -> " + e2);
        assertTrue(Files.exists(dir.resolve("width.png")));
    }

    @Test
    void badSpecsGetOneLineNamingKeyValueAndAllowed() throws Exception {
        SpecException e = assertThrows(SpecException.class, () -> spec(CURVES.replace("eta = [1.0, 9.0]", "eta = [-1.0]")));
        assertTrue(e.getMessage().startsWith("online.eta[1] = -1 is not allowed; allowed:"), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("m = 2", "m = 2\nwidth = 3")));
        assertTrue(e.getMessage().contains("unknown key online.width"), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("k = [90]", "k = [90]\nk_over_n = [2]")));
        assertTrue(e.getMessage().contains("both given"), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("m = 2", "m = 2\nactivation = \"cosh\"")));
        assertTrue(e.getMessage().contains("online.activation = \"cosh\""), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("eta = [1.0, 9.0]", "eta = [1.0, 1.0]")));
        assertTrue(e.getMessage().contains("online.eta[2] = 1 repeats online.eta[1]"), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("k = [90]", "k_over_n = [1.5, 1.505]")));     // K = 90 twice
        assertTrue(e.getMessage().contains("online.k_over_n values 1.5 and 1.505 give the same K at every N"), e.getMessage());
        spec(CURVES.replace("n = [60]", "n = [60, 1000]").replace("k = [90]", "k_over_n = [1.5, 1.505]"));   // K differs at N = 1000: runs
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("m = 2", "m = 2\nactivation = \"erf(0x)\"")));
        assertTrue(e.getMessage().contains("online.activation = \"erf(0x)\"") && e.getMessage().contains("must not be 0"), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("m = 2", "m = 2\nmode = \"width\"")));
        assertTrue(e.getMessage().contains("online.eta is not used in mode = \"width\""), e.getMessage());
        // less than one step ran silently to α = 1/N (alpha_max = 1e-9 at N = 20 reported α = 0.05)
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("alpha_max = 1", "alpha_max = 1e-9")));
        assertEquals("online.alpha_max = 1e-9 is not allowed; allowed: at least one SGD step, 1/N = 1/60 at N = 60"
                + " (α counts steps/N; α_max·N is rounded up to whole steps)", e.getMessage());
        // mc_samples <= K: the K features fit the samples, ε∞ read 4e-17 at mc_samples = 1; closed-form kernels ignore it
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("m = 2", "m = 2\nactivation = \"tanh\"\nmc_samples = 90")));
        assertTrue(e.getMessage().startsWith("online.mc_samples = 90 is not allowed at K = 90; allowed: more than K"), e.getMessage());
        spec(CURVES.replace("m = 2", "m = 2\nmc_samples = 90"));
    }

    /**
     * Moments are exact by default for every activation (tanh: Mehler's expansion; it was Monte Carlo from 20000
     * samples, whose ε∞ read low by about K/S: 8.5 % at K = 2000); mc_samples asks for Monte Carlo, said in every
     * row's message and the mc_samples column, and its ε∞ sits below the exact one by about K/S.
     */
    @Test
    void momentsAreExactUnlessMonteCarloIsAskedForAndItsBiasIsSaid(@TempDir Path dir) throws Exception {
        String width = """
                kind = "online"
                seeds = [1]
                [online]
                mode = "width"
                activation = "tanh"
                n = [50]
                k = [400]
                m = 2
                """;
        OnlineSpec exact = spec(width), mc = spec(width + "mc_samples = 4000\n");
        assertFalse(exact.monteCarlo());
        assertEquals("", exact.monteCarloNote(exact.points().get(0)));
        assertTrue(mc.monteCarlo());
        try (Backend be = new JavaBackend(2)) {
            new OnlineExperiment(exact).run(be, dir.resolve("exact"), Progress.none());
            new OnlineExperiment(mc).run(be, dir.resolve("mc"), Progress.none());
        }
        List<String> e = Csv.parse(Files.readAllLines(dir.resolve("exact").resolve("results.csv")).get(1));
        List<String> lines = Files.readAllLines(dir.resolve("mc").resolve("results.csv"));
        List<String> head = Csv.parse(lines.get(0)), m = Csv.parse(lines.get(1));
        assertEquals(List.of("exact", "", "ok", ""), List.of(e.get(head.indexOf("moments")), e.get(head.indexOf("mc_samples")),
                e.get(head.indexOf("status")), e.get(head.indexOf("message"))));
        assertEquals(List.of("monte_carlo", "4000", "ok"), List.of(m.get(head.indexOf("moments")), m.get(head.indexOf("mc_samples")), m.get(head.indexOf("status"))));
        assertEquals("Monte Carlo moments from mc_samples = 4000 for K = 400: eps_inf and the theory near it read low by about K/mc_samples = 10 %"
                + " (leave mc_samples out for the exact moments)", m.get(head.indexOf("message")));
        // the in-sample bias of a least-squares fit of K features to S samples: E ratio = 1 − K/S = 0.9 for Gaussian
        // residuals, with a standard error of about √(2/S) = 0.022 (a residual variance from S samples); 3 SE either
        // side still excludes 1, the exact moments' own ratio
        double ratio = Double.parseDouble(m.get(head.indexOf("eps_inf"))) / Double.parseDouble(e.get(head.indexOf("eps_inf")));
        double se = Math.sqrt(2.0 / 4000);
        assertEquals(1 - 400.0 / 4000, ratio, 3 * se, "Monte Carlo / exact eps_inf");
    }

    /**
     * Curves rows said nothing about their moments: mc_samples was empty in every row, with an empty message. They now
     * have the width mode's moments column ("exact", or "monte_carlo" with the sample count in mc_samples), and both
     * modes' aggregated.csv carries moments and mc_samples.
     */
    @Test
    void curvesRowsSayWhichMomentsTheyUsed(@TempDir Path dir) throws Exception {
        String curves = CURVES.replace("seeds = [1, 2]", "seeds = [1]").replace("eta = [1.0, 9.0]", "eta = [1.0]")
                .replace("m = 2", "m = 2\nactivation = \"tanh\"");
        try (Backend be = new JavaBackend(2)) {
            new OnlineExperiment(spec(curves)).run(be, dir.resolve("exact"), Progress.none());
            new OnlineExperiment(spec(curves + "mc_samples = 2000\n")).run(be, dir.resolve("mc"), Progress.none());
        }
        for (String[] c : new String[][]{{"exact", "exact", ""}, {"mc", "monte_carlo", "2000"}})
            for (String file : new String[]{"results.csv", "aggregated.csv"}) {
                List<String> lines = Files.readAllLines(dir.resolve(c[0]).resolve(file));
                List<String> head = Csv.parse(lines.get(0));
                assertTrue(head.contains("moments") && head.indexOf("mc_samples") == head.indexOf("moments") + 1, file + ": " + head);
                for (String l : lines.subList(1, lines.size())) {
                    List<String> f = Csv.parse(l);
                    assertEquals(List.of(c[1], c[2]), List.of(f.get(head.indexOf("moments")), f.get(head.indexOf("mc_samples"))), c[0] + "/" + file + ": " + l);
                }
            }
    }

    /**
     * A curves trial written just before the moments column has this deeprf's numbers: a rerun keeps it (no draw runs
     * again) and its rows get "exact" where mc_samples is empty, as a fresh run writes them.
     */
    @Test
    void aTrialFromBeforeTheMomentsColumnIsKept(@TempDir Path dir) throws Exception {
        OnlineSpec s = spec(CURVES.replace("seeds = [1, 2]", "seeds = [1]").replace("eta = [1.0, 9.0]", "eta = [1.0]"));
        try (Backend be = new JavaBackend(2)) {
            new OnlineExperiment(s).run(be, dir, Progress.none());
            List<String> results = Files.readAllLines(dir.resolve("results.csv")), agg = Files.readAllLines(dir.resolve("aggregated.csv"));
            Path trial = dir.resolve("trials").resolve("p0-s1.csv");
            int col = OnlineExperiment.CURVE_COLUMNS.indexOf("moments");
            List<String> before = Files.readAllLines(trial).stream().map(l -> {
                List<String> f = new java.util.ArrayList<>(Csv.parse(l));
                f.remove(col);
                return Csv.line(f);
            }).toList();
            assertEquals(Csv.line(OnlineExperiment.CURVE_COLUMNS_BEFORE_MOMENTS), before.get(0));
            Files.writeString(trial, String.join("", before));
            OnlineExperiment.Report again = new OnlineExperiment(s).run(be, dir, Progress.none());
            assertEquals(0, again.ran());
            assertEquals(1, again.skipped());
            assertEquals(results, Files.readAllLines(dir.resolve("results.csv")));
            assertEquals(agg, Files.readAllLines(dir.resolve("aggregated.csv")));
            // the same header with 20000 in mc_samples: written while tanh, sigmoid, abs and clipped took Monte Carlo
            // moments by default, under this same spec; its numbers are not this version's, so it runs again
            int mc = OnlineExperiment.CURVE_COLUMNS_BEFORE_MOMENTS.indexOf("mc_samples");
            List<String> monteCarlo = new java.util.ArrayList<>(List.of(before.get(0)));
            for (String l : before.subList(1, before.size())) {
                List<String> f = new java.util.ArrayList<>(Csv.parse(l));
                f.set(mc, "20000");
                monteCarlo.add(Csv.line(f));
            }
            Files.writeString(trial, String.join("", monteCarlo));
            OnlineExperiment.Report third = new OnlineExperiment(s).run(be, dir, Progress.none());
            assertEquals(1, third.ran());
            int seconds = OnlineExperiment.CURVE_COLUMNS.indexOf("seconds");   // the rerun's own timing differs
            java.util.function.Function<List<String>, List<List<String>>> untimed = ls -> ls.stream().map(l -> {
                List<String> f = new java.util.ArrayList<>(Csv.parse(l));
                f.remove(seconds);
                return f;
            }).toList();
            assertEquals(untimed.apply(results), untimed.apply(Files.readAllLines(dir.resolve("results.csv"))));
        }
    }

    /** 12 curves in one panel ran the legend off the image and gave two curves one colour: panels of at most six. */
    @Test
    void manyCurvesAreSplitIntoPanels(@TempDir Path dir) throws Exception {
        OnlineSpec s = spec(CURVES.replace("seeds = [1, 2]", "seeds = [1]").replace("k = [90]", "k = [30, 40]")
                .replace("eta = [1.0, 9.0]", "eta = [0.5, 1.0, 1.5, 2.0]").replace("replicas = 4", "replicas = 2").replace("records = 5", "records = 3"));
        assertEquals(8, s.points().size());
        try (Backend be = new JavaBackend(2)) {
            OnlineExperiment.Report r = new OnlineExperiment(s).run(be, dir, Progress.none());
            assertEquals(List.of(dir.resolve("learning_curves.png"), dir.resolve("learning_curves_2.png")),
                    r.plots().stream().filter(p -> p.toString().endsWith(".png")).toList());
        }
    }

    /**
     * A rerun whose spec writes a default out (mode = "curves", lr_scaling = "N", noise = 0) is the same spec: it was
     * refused as "online.mode: \"curves\" there, absent here"; a different spec is named by the key that differs,
     * not by a default written on one side only.
     */
    @Test
    void writingADefaultOutIsTheSameSpec(@TempDir Path dir) throws Exception {
        java.util.function.Function<ObjectNode, java.util.Collection<Long>> seeds = t -> OnlineSpec.fromTree(t).seeds();
        OutputFolder.claim(dir, "online", spec(CURVES).raw(), seeds, OnlineSpec::withDefaults);
        Files.createDirectories(dir.resolve("trials"));
        Files.writeString(dir.resolve("trials").resolve("p0-s1.csv"), "a finished draw");    // else an edited spec takes the folder
        String explicit = CURVES.replace("m = 2", "m = 2\nmode = \"Curves\"\nlr_scaling = \"n\"\nnoise = 0\nactivation = \"ERF(x/sqrt2)\"");
        OutputFolder.claim(dir, "online", spec(explicit).raw(), seeds, OnlineSpec::withDefaults);
        OutputException e = assertThrows(OutputException.class,
                () -> OutputFolder.claim(dir, "online", spec(explicit.replace("n = [60]", "n = [30]")).raw(), seeds, OnlineSpec::withDefaults));
        assertTrue(e.getMessage().contains("different spec (online.n[1]: 60 there, 30 here)"), e.getMessage());
        e = assertThrows(OutputException.class,
                () -> OutputFolder.claim(dir, "online", spec(CURVES.replace("records = 5", "records = 7")).raw(), seeds, OnlineSpec::withDefaults));
        assertTrue(e.getMessage().contains("different spec (online.records: 5 there, 7 here)"), e.getMessage());
    }

    /**
     * A trial file of an older deeprf (other columns; its default moments came from 20000 samples whatever K) runs
     * again instead of being mixed into the results.
     */
    @Test
    void anOlderDeeprfsTrialRunsAgain(@TempDir Path dir) throws Exception {
        OnlineSpec s = spec(CURVES.replace("seeds = [1, 2]", "seeds = [1]").replace("eta = [1.0, 9.0]", "eta = [1.0]"));
        List<String> notes = new java.util.ArrayList<>();
        Progress noting = new Progress() {
            @Override public void update(int done, int total, int skipped, String what) {}
            @Override public void finish() {}
            @Override public void note(String line) { notes.add(line); }
        };
        try (Backend be = new JavaBackend(2)) {
            new OnlineExperiment(s).run(be, dir, Progress.none());
            Path trial = dir.resolve("trials").resolve("p0-s1.csv");
            List<String> fresh = Files.readAllLines(trial);
            List<String> old = new java.util.ArrayList<>(fresh);
            old.set(0, fresh.get(0).replace(",mc_samples", ""));          // the columns before mc_samples
            Files.writeString(trial, String.join("\n", old) + "\n");
            OnlineExperiment.Report again = new OnlineExperiment(s).run(be, dir, noting);
            assertEquals(1, again.ran());
            assertEquals(List.of("1 finished draws written by an older deeprf (other columns) run again"), notes);
            assertEquals(withoutTimings(fresh), withoutTimings(Files.readAllLines(trial)));
        }
    }
}
