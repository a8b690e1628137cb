package deeprf.backend.java.eigen;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a 4-lane vector's lanes in one fixed order, (v0 + v2) + (v1 + v3), for the eigensolver's Vector API
 * kernels. Not {@code reduceLanes(ADD)}: its order is unspecified, and C2's intrinsic (a tree) and the Java code that
 * runs before C2 compiles the caller (left to right) round differently, so the eigensolver's bits depended on how warm
 * the JVM was — a structured run resumed in a warm JVM differed from its first run in the 14th digit
 * (StructuredRunnerTest, twelfth session). Lane-wise adds and permutes are exact in every mode.
 */
final class LaneSum {
    private LaneSum() {}

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final VectorShuffle<Double> SWAP_HALVES = VectorShuffle.fromValues(S, 2, 3, 0, 1);
    private static final VectorShuffle<Double> SWAP_PAIRS = VectorShuffle.fromValues(S, 1, 0, 3, 2);

    static double of(DoubleVector v) {
        DoubleVector h = v.add(v.rearrange(SWAP_HALVES));      // lanes 0, 1: v0 + v2, v1 + v3
        return h.add(h.rearrange(SWAP_PAIRS)).lane(0);
    }
}
