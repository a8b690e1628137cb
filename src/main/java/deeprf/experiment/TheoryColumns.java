package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.model.Network;
import deeprf.model.Teacher;
import deeprf.theory.ConditionalTheory;
import deeprf.theory.RidgeTheory;

import java.util.ArrayList;
import java.util.List;

/**
 * The theory columns of a draw: {@link ConditionalTheory} on the draw's sampled learner (and teacher) weights with
 * per-neuron Gaussian-equivalence coefficients, averaged over the target's readout direction (THEORY.md §3.4
 * self-averaging: β or θ isotropic with the draw's norm) or, with {@code theory_target = "drawn"}, on the draw's own
 * β or θ, then the κ-form (§3.1) at the draw's n for every λ'.
 */
final class TheoryColumns {
    private TheoryColumns() {}

    /** {train errors, clean test errors}, one per λ' of the point. */
    static double[][] conditional(Backend be, PointSpec p, Network net, Teacher teacher) {
        TeacherSpec t = p.teacher();
        double norm2 = t.norm() * t.norm();
        boolean drawn = p.theoryOnDrawnTarget();
        ConditionalTheory.Target target = switch (t.kind()) {
            case LINEAR -> new ConditionalTheory.LinearTarget(drawn ? ((Teacher.SingleIndex) teacher).beta() : null, norm2, t.noise());
            case SINGLE_INDEX -> new ConditionalTheory.SingleIndexTarget(t.function(), drawn ? ((Teacher.SingleIndex) teacher).beta() : null, norm2, t.noise());
            case NETWORK -> new ConditionalTheory.NetworkTarget(layers(teacher.network()),
                    drawn ? ((Teacher.NetworkTeacher) teacher).readout() : null, norm2, t.noise());
        };
        try (ConditionalTheory ct = ConditionalTheory.of("point " + p.index(), be, net.dataCovariance(), layers(net), target,
                ConditionalTheory.Route.PER_NEURON)) {
            List<RidgeTheory.Point> pts = ct.ridge().sweep(p.n(), p.lambdas());
            double[][] out = new double[2][pts.size()];
            for (int j = 0; j < pts.size(); j++) {
                out[0][j] = pts.get(j).train();
                out[1][j] = pts.get(j).testClean();
            }
            return out;
        }
    }

    private static List<ConditionalTheory.Layer> layers(Network net) {
        List<ConditionalTheory.Layer> out = new ArrayList<>();
        for (Network.Layer l : net.layers()) out.add(new ConditionalTheory.Layer(l.weights(), l.activations()));
        return out;
    }
}
