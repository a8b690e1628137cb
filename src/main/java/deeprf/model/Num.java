package deeprf.model;

/** Number formatting shared by labels: integers without a decimal point, others shortest round-trip. */
public final class Num {
    private Num() {}

    public static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
