package deeprf.structured;

import java.util.Locale;

/**
 * How the eigenbasis of the first layer's row covariance Σ₁ sits relative to the data. Σ₀ is diagonal in the
 * working basis with descending eigenvalues; Σ₁ is diagonal in the same basis with its (descending) eigenvalues placed
 * by a permutation. For layers ℓ ≥ 2 the basis of Σ_ℓ does not matter (the law of F₁⋯F_{ℓ−1} is invariant under
 * right rotations), so only {@link #NONE} is allowed there.
 */
public enum Alignment {
    /** Later layers: no basis to choose. For layer 1 same as DATA. */
    NONE,
    /** Largest Σ₁ eigenvalues on the largest Σ₀ eigenvalues. */
    DATA,
    /** Largest Σ₁ eigenvalues on the largest components of the target profile. */
    TARGET,
    /** Largest Σ₁ eigenvalues on the smallest Σ₀ eigenvalues (anti-aligned). */
    REVERSED,
    /** A random pairing (fixed by the model's structure seed, so the weight-free theory knows it). */
    SHUFFLED;

    public static Alignment parse(String s, String field) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": unknown alignment '" + s + "'; allowed: none, data, target, reversed, shuffled");
        }
    }

    public String label() { return name().toLowerCase(Locale.ROOT); }
}
