package deeprf.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import deeprf.backend.cuda.CudaBackend;
import deeprf.model.LayerSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One draw of a spec's first point, timed end to end in process, for bench/gpu/validate.sh (the deeprf side of the
 * bench-deep-tanh comparison with bench/peers/torch_deep_tanh.py, and the 10⁶-sample streaming run).
 *
 * <p>{@code --repeat R} plain draws through {@link Trial#run} on the backend (the first one is cold: it loads kernels,
 * creates library handles, JIT-compiles); each ends with the host holding the errors, so the device has finished.
 * Reported: the first and the best wall time, and the Trial's own split (training pass, solve, test pass). Then, with
 * {@code --breakdown true}, one more draw through {@link PhaseTimingBackend}, which waits after every backend call
 * and charges it to generation, layers, Gram, eigh or errors. On cuda it also reports device memory: the most the
 * backend held through cudaMalloc (its own accounting) and, in the profiled draw, the most in use on the device
 * (cudaMemGetInfo: libraries' workspaces and the context included).
 *
 * <p>Usage: {@code EndToEndTimings --spec FILE [--backend cuda] [--threads T] [--repeat 2] [--breakdown true]
 * [--out result.json]}. Prints one line per draw and the JSON; exit status 1 when a draw's status is not ok.
 */
public final class EndToEndTimings {
    private EndToEndTimings() {}

    public static void main(String[] args) throws IOException {
        Path spec = null, out = null;
        String backend = "cuda";
        int threads = Runtime.getRuntime().availableProcessors(), repeat = 2;
        boolean breakdown = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException("EndToEndTimings: " + a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--spec" -> spec = Path.of(v);
                case "--backend" -> backend = v;
                case "--threads" -> threads = Integer.parseInt(v);
                case "--repeat" -> repeat = Integer.parseInt(v);
                case "--breakdown" -> breakdown = Boolean.parseBoolean(v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("EndToEndTimings: unknown argument " + a
                        + " (use --spec, --backend, --threads, --repeat, --breakdown, --out)");
            }
        }
        if (spec == null) throw new IllegalArgumentException("EndToEndTimings: --spec FILE is required");
        if (repeat < 1) throw new IllegalArgumentException("EndToEndTimings: --repeat must be at least 1, got " + repeat);
        Map<String, Object> result = run(spec, backend, threads, repeat, breakdown);
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
        System.out.println(json);
        if (out != null) Files.writeString(out, json + "\n");
        if (!"ok".equals(result.get("status"))) System.exit(1);
    }

    static Map<String, Object> run(Path specFile, String backend, int threads, int repeat, boolean breakdown) {
        ExperimentSpec spec = ExperimentSpec.load(specFile);
        PointSpec p = spec.points().get(0);
        long seed = spec.seeds().get(0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("who", "deeprf");
        r.put("spec", specFile.toString());
        r.put("d", p.d());
        r.put("widths", p.learner().stream().map(LayerSpec::width).toList());
        r.put("n", p.n());
        r.put("n_test", p.nTest());
        r.put("block_size", p.blockSize());
        r.put("lambdas", p.lambdas().length);
        try (Backend be = Backends.open(backend, BackendOptions.threads(threads))) {
            r.put("backend", be.name());
            r.put("description", be.description());
            CudaBackend cuda = be instanceof CudaBackend c ? c : null;
            if (cuda != null) {
                long[] ft = cuda.deviceMemory();
                r.put("device_total_bytes", ft[1]);
                r.put("device_used_before_bytes", ft[1] - ft[0]);
            }
            List<Double> runs = new ArrayList<>();
            Trial.Outcome best = null;
            double bestS = Double.POSITIVE_INFINITY;
            long peakAllocated = 0;
            String status = "ok";
            for (int i = 0; i < repeat; i++) {
                if (cuda != null) cuda.resetPeakAllocatedBytes();
                be.synchronize();
                long t0 = System.nanoTime();
                Trial.Outcome o = Trial.run(be, p, seed, Experiment.GAUSSIAN_EQUIVALENCE);
                be.synchronize();
                double s = (System.nanoTime() - t0) * 1e-9;
                runs.add(s);
                if (cuda != null) peakAllocated = Math.max(peakAllocated, cuda.peakAllocatedBytes());
                ResultRow first = o.rows().getFirst();
                System.out.printf(Locale.ROOT, "draw %d: %.3f s (training pass %.3f, solve %.3f, test pass %.3f), status %s, test error at λ'=%s: %.6g%n",
                        i + 1, s, first.featureSeconds(), first.solveSeconds(), first.testSeconds(), first.status(), first.lambda(), first.testError());
                for (ResultRow row : o.rows())
                    if (!row.ok() && "ok".equals(status)) status = row.status() + " at λ'=" + row.lambda() + ": " + row.message();
                if (s < bestS) {
                    bestS = s;
                    best = o;
                }
            }
            r.put("runs_s", runs);
            r.put("first_s", runs.getFirst());
            r.put("total_s", bestS);
            ResultRow f = best.rows().getFirst(), l = best.rows().getLast();
            r.put("trial_split_s", Map.of("training_pass", f.featureSeconds(), "solve", f.solveSeconds(), "test_pass", f.testSeconds()));
            r.put("test_error_first_lambda", f.testError());
            r.put("test_error_last_lambda", l.testError());
            r.put("train_error_first_lambda", f.trainError());
            if (cuda != null) r.put("peak_allocated_bytes", peakAllocated);
            if (breakdown) {
                PhaseTimingBackend prof = new PhaseTimingBackend(be, cuda == null ? null : () -> {
                    long[] ft = cuda.deviceMemory();
                    return ft[1] - ft[0];
                });
                long t0 = System.nanoTime();
                Trial.Outcome o = Trial.run(prof, p, seed, Experiment.GAUSSIAN_EQUIVALENCE);
                double s = (System.nanoTime() - t0) * 1e-9;
                Map<String, Double> phases = prof.seconds();
                double inPhases = phases.values().stream().mapToDouble(Double::doubleValue).sum();
                Map<String, Object> b = new LinkedHashMap<>(phases);
                b.put("host", Math.max(0, s - inPhases));
                r.put("breakdown_s", b);
                r.put("breakdown_calls", prof.calls());
                r.put("breakdown_total_s", s);
                // the profiled draw is the same draw: it must give the same errors (bit for bit on one backend)
                r.put("breakdown_same_result", o.rows().getFirst().testError() == f.testError()
                        || Double.isNaN(o.rows().getFirst().testError()) && Double.isNaN(f.testError()));
                if (cuda != null) r.put("peak_device_used_bytes", prof.peakDeviceUsedBytes());
            }
            r.put("status", status);
        }
        return r;
    }
}
