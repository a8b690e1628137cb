package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import deeprf.model.Network;
import deeprf.model.Teacher;
import deeprf.theory.ConditionalTheory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code readout.theory_target}: "averaged" (default) gives the conditional theory averaged over the target
 * direction, "drawn" the theory on the draw's own β or θ, the direction the simulation used.
 */
class TheoryTargetTest {
    static final String NETWORK = """
            [data]
            d = 30
            n = 60
            n_test = 40
            [teacher]
            kind = "network"
            norm = 1.0
            [[teacher.layers]]
            width = 30
            activation = "tanh"
            weights = { kind = "row_covariance", covariance = { kind = "power_law", exponent = 0.3 } }
            [[learner.layers]]
            width = 40
            activation = "tanh"
            [readout]
            lambdas = [1e-3, 0.1]
            surrogate = false
            TARGET
            """;

    static final String LINEAR = """
            [data]
            d = 30
            n = 60
            n_test = 40
            covariance = { kind = "power_law", exponent = 0.5 }
            [teacher]
            kind = "linear"
            noise = 0.1
            [[learner.layers]]
            width = 40
            activation = "tanh"
            [readout]
            lambdas = [1e-3, 0.1]
            surrogate = false
            TARGET
            """;

    private static PointSpec point(String spec, String target) {
        return ExperimentSpec.parse(spec.replace("TARGET", target), "t").points().get(0);
    }

    /** Clean test error of the conditional theory built here directly, on the draw's direction or averaged. */
    private static double[] direct(Backend be, PointSpec p, long seed, boolean drawn) {
        try (Teacher t = Trial.teacher(be, p, seed);
             Network net = Network.sample(be, p.d(), p.data(), p.learner(), seed, Trial.LEARNER_BASE, t.network())) {
            List<ConditionalTheory.Layer> ls = new ArrayList<>();
            for (Network.Layer l : net.layers()) ls.add(new ConditionalTheory.Layer(l.weights(), l.activations()));
            double norm2 = p.teacher().norm() * p.teacher().norm();
            ConditionalTheory.Target target;
            if (t instanceof Teacher.NetworkTeacher nt) {
                List<ConditionalTheory.Layer> tl = new ArrayList<>();
                for (Network.Layer l : nt.network().layers()) tl.add(new ConditionalTheory.Layer(l.weights(), l.activations()));
                target = new ConditionalTheory.NetworkTarget(tl, drawn ? nt.readout() : null, norm2, p.teacher().noise());
            } else {
                target = new ConditionalTheory.LinearTarget(drawn ? ((Teacher.SingleIndex) t).beta() : null, norm2, p.teacher().noise());
            }
            try (ConditionalTheory ct = ConditionalTheory.of("t", be, net.dataCovariance(), ls, target, ConditionalTheory.Route.PER_NEURON)) {
                double[] out = new double[p.lambdas().length];
                for (int j = 0; j < out.length; j++) out[j] = ct.ridge().sweep(p.n(), new double[] {p.lambdas()[j]}).get(0).testClean();
                return out;
            }
        }
    }

    private static void check(String spec) {
        PointSpec avg = point(spec, ""), drawn = point(spec, "theory_target = \"drawn\"");
        assertFalse(avg.theoryOnDrawnTarget());
        assertTrue(drawn.theoryOnDrawnTarget());
        try (Backend be = new JavaBackend(1)) {
            for (long seed = 0; seed < 2; seed++) {
                List<ResultRow> ra = Trial.run(be, avg, seed, null).rows(), rd = Trial.run(be, drawn, seed, null).rows();
                double[] ea = direct(be, avg, seed, false), ed = direct(be, drawn, seed, true);
                for (int j = 0; j < ea.length; j++) {
                    // the simulation is the same draw either way; only the theory column changes
                    assertEquals(ra.get(j).testError(), rd.get(j).testError(), 0.0);
                    assertEquals(ea[j], ra.get(j).theoryTestError(), 1e-12 * ea[j], "averaged, seed " + seed);
                    assertEquals(ed[j], rd.get(j).theoryTestError(), 1e-12 * ed[j], "drawn, seed " + seed);
                    // one direction is not the average (the teacher's feature covariance is not isotropic)
                    assertTrue(Math.abs(ed[j] - ea[j]) > 1e-3 * ea[j], "seed " + seed + ": drawn " + ed[j] + " vs averaged " + ea[j]);
                }
            }
        }
    }

    @Test
    void networkTeacherTheoryUsesTheDrawsReadout() { check(NETWORK); }

    @Test
    void linearTeacherTheoryUsesTheDrawsDirection() { check(LINEAR); }

    @Test
    void unknownTheoryTargetIsRefusedWithTheAllowedValues() {
        SpecException e = assertThrows(SpecException.class, () -> point(NETWORK, "theory_target = \"mean\""));
        assertTrue(e.getMessage().contains("theory_target") && e.getMessage().contains("averaged") && e.getMessage().contains("drawn"), e.getMessage());
    }
}
