package deeprf.online;

import deeprf.backend.Activation;

/**
 * E[g(u)·g(v)] for a jointly Gaussian pair (u, v) with variances q1, q2 and covariance ρ (THEORY.md §2.4), in closed
 * form for the activations that have one. Activations without one are handled by Monte Carlo moments instead.
 */
public final class OverlapKernel {
    private OverlapKernel() {}

    public static boolean hasClosedForm(Activation g) {
        return switch (g.kind()) {
            case ERF, RELU, SIGN, LINEAR -> true;
            default -> false;
        };
    }

    public static double pair(Activation g, double q1, double q2, double rho) {
        return switch (g.kind()) {
            case ERF -> {
                double a2 = g.a() * g.a();
                yield 2 / Math.PI * Math.asin(clamp(2 * a2 * rho / Math.sqrt((1 + 2 * a2 * q1) * (1 + 2 * a2 * q2))));
            }
            case RELU -> {
                double s = Math.sqrt(q1 * q2);
                if (s == 0) yield 0.0;
                double theta = Math.acos(clamp(rho / s));
                yield s / (2 * Math.PI) * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta));
            }
            case SIGN -> {
                double s = Math.sqrt(q1 * q2);
                yield s == 0 ? 0.0 : 2 / Math.PI * Math.asin(clamp(rho / s));
            }
            case LINEAR -> g.a() * g.a() * rho;
            default -> throw new IllegalArgumentException("online: activation " + g.label()
                    + " has no closed-form two-point kernel; its moments are estimated by Monte Carlo");
        };
    }

    private static double clamp(double x) {
        return Math.max(-1.0, Math.min(1.0, x));
    }
}
