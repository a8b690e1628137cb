package deeprf.model;

/**
 * How a layer's weight matrix W (k × k_prev, acting as preactivation = W·h + b) is drawn. Throughout,
 * Z has i.i.d. N(0, σ_w²/k_prev) entries (σ_w = the layer's weight scale), so W·h has O(1) entries.
 * Layer numbers refer to the same network, 1-based, and must be earlier layers.
 */
public sealed interface WeightStructure {

    String label();

    /** W = Z. */
    record Iid() implements WeightStructure {
        @Override public String label() { return "iid"; }
    }

    /** W = Z·C^{1/2} with C = diag(spectrum) over the k_prev inputs (rows w_i ~ N(0, σ_w² C/k_prev)). */
    record RowCovariance(Spectrum covariance) implements WeightStructure {
        @Override public String label() { return "rowcov:" + covariance.label(); }
    }

    /**
     * The "rainbow" construction of paper 2 (THEORY.md §4.2, §7.2): W = Z·C^{1/2} with C = (W_j W_jᵀ + shift·I)^{-1}
     * built from the earlier layer j (whose width must equal this layer's fan-in).
     */
    record InverseGram(int layer, double shift) implements WeightStructure {
        public InverseGram {
            if (layer < 1) throw new IllegalArgumentException("inverse_gram layer must be >= 1, got " + layer);
            if (!(shift > 0) || !Double.isFinite(shift)) throw new IllegalArgumentException("inverse_gram shift must be > 0, got " + shift);
        }
        @Override public String label() { return "inverse_gram(" + layer + "," + Num.fmt(shift) + ")"; }
    }

    /** W = W_j, the very same matrix as the earlier layer j (same shape), e.g. W2 = W1 in paper 2 Fig. 1. */
    record Tied(int layer) implements WeightStructure {
        public Tied {
            if (layer < 1) throw new IllegalArgumentException("tied layer must be >= 1, got " + layer);
        }
        @Override public String label() { return "tied(" + layer + ")"; }
    }

    /**
     * Learner rows correlated with the teacher's: W = a·Z·C^{1/2} + b·W*_ℓ, where W*_ℓ is the teacher network's
     * layer with the same number (same shape) and C = diag(covariance).
     */
    record TeacherCorrelated(double a, double b, Spectrum covariance) implements WeightStructure {
        public TeacherCorrelated {
            if (!Double.isFinite(a) || !Double.isFinite(b)) throw new IllegalArgumentException("teacher_correlated a and b must be finite, got a=" + a + ", b=" + b);
        }
        @Override public String label() { return "teacher_correlated(" + Num.fmt(a) + "," + Num.fmt(b) + "," + covariance.label() + ")"; }
    }
}
