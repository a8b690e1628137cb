package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.model.Network;
import deeprf.model.Teacher;
import deeprf.theory.ConditionalTheory;
import deeprf.theory.RidgeTheory;
import deeprf.theory.model.ModelTheory;

import java.util.List;

/**
 * The conditional theory of a draw, one code path for {@code run}'s theory columns and the {@code theory} command:
 * {@link ConditionalTheory} on the draw's sampled learner (and teacher) weights with per-neuron Gaussian-equivalence
 * coefficients, averaged over the target's readout direction (THEORY.md §3.4 self-averaging: β or θ isotropic with
 * the draw's norm) or, with {@code theory_target = "drawn"}, on the draw's own β or θ, then the κ-form (§3.1) at the
 * point's n for every λ'; on covariances with {@code readout.centre = true}, on second moments (feature and label
 * means included) without it, as the readout sees them.
 */
public final class TheoryColumns {
    private TheoryColumns() {}

    /** The value of {@code readout.theory_target} the point's theory uses: "averaged" or "drawn". */
    public static String target(PointSpec p) { return p.theoryOnDrawnTarget() ? "drawn" : "averaged"; }

    /**
     * The conditional theory of one draw of {@code p} (its learner {@code net} and {@code teacher}), on the target
     * {@code readout.theory_target} asks for. Points that differ only in n share it. The caller closes it.
     */
    public static ConditionalTheory of(Backend be, PointSpec p, Network net, Teacher teacher) {
        TeacherSpec t = p.teacher();
        double norm2 = t.norm() * t.norm();
        boolean drawn = p.theoryOnDrawnTarget();
        ConditionalTheory.Target target = switch (t.kind()) {
            case LINEAR -> new ConditionalTheory.LinearTarget(drawn ? ((Teacher.SingleIndex) teacher).beta() : null, norm2, t.noise());
            case SINGLE_INDEX -> new ConditionalTheory.SingleIndexTarget(t.function(), drawn ? ((Teacher.SingleIndex) teacher).beta() : null, norm2, t.noise());
            case NETWORK -> new ConditionalTheory.NetworkTarget(ModelTheory.layers(teacher.network()),
                    drawn ? ((Teacher.NetworkTeacher) teacher).readout() : null, norm2, t.noise());
        };
        return ConditionalTheory.of("point " + p.index(), be, net.dataCovariance(), ModelTheory.layers(net), target,
                ConditionalTheory.Route.PER_NEURON, p.centre());
    }

    /**
     * The theory at {@code p}'s n for each of its λ', each standing alone (a failure at one λ' is that λ''s); its
     * messages name {@code p}, also when {@code ct} was built for another point of the same draws.
     */
    public static List<RidgeTheory.Attempt> at(ConditionalTheory ct, PointSpec p) {
        return ct.ridge().named("point " + p.index()).sweepEach(p.n(), p.lambdas());
    }

    /**
     * Copies the attempts into the theory columns of a draw's rows: train and clean test error of each λ' that was
     * solved, and for one that was not, the reason added to that λ''s message (its cells stay empty).
     */
    static void fill(List<RidgeTheory.Attempt> attempts, double[] train, double[] test, String[] message) {
        for (int j = 0; j < attempts.size(); j++) {
            RidgeTheory.Attempt a = attempts.get(j);
            if (a.ok()) {
                train[j] = a.point().train();
                test[j] = a.point().testClean();
            } else {
                message[j] = Trial.join(message[j], "theory: " + a.failure());
            }
        }
    }
}
