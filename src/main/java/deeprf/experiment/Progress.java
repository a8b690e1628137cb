package deeprf.experiment;

import java.io.PrintStream;

/** Progress of a run, one call per finished draw. */
public interface Progress {
    /** {@code done} of {@code total} draws are finished ({@code skipped} of them were already in the folder). */
    void update(int done, int total, int skipped, String last);

    void finish();

    /** One line of its own, not cut to fit the bar (what a resume found, say); nothing when quiet. */
    default void note(String line) { }

    static Progress none() {
        return new Progress() {
            @Override public void update(int done, int total, int skipped, String last) { }
            @Override public void finish() { }
        };
    }

    /** A one-line bar with ETA redrawn in place on {@code out} (meant for stderr on a terminal). */
    static Progress bar(PrintStream out) {
        return new Progress() {
            private final long start = System.nanoTime();
            private int firstDone = -1;
            private int width;

            @Override
            public void update(int done, int total, int skipped, String last) {
                if (firstDone < 0) firstDone = skipped;
                double elapsed = (System.nanoTime() - start) * 1e-9;
                int cells = 30, fill = total == 0 ? cells : (int) ((long) cells * done / total);
                String line = String.format("\r[%s%s] %d/%d draws  %s elapsed  ETA %s  %s", "#".repeat(fill), " ".repeat(cells - fill),
                        done, total, time(elapsed), eta(elapsed, done - firstDone, total - done), last.length() > 40 ? last.substring(0, 40) : last);
                out.print(line + " ".repeat(Math.max(0, width - line.length())));
                width = line.length();
                out.flush();
            }

            @Override
            public void finish() {
                if (width > 0) out.println();
                out.flush();
            }

            @Override
            public void note(String line) {
                out.print("\r" + " ".repeat(width) + "\r");            // over the bar, which the next update redraws
                out.println("deeprf: " + line);
                width = 0;
                out.flush();
            }
        };
    }

    /**
     * Plain lines on {@code out}, at most one per {@code everySeconds} and one for the last draw: for a log (nohup,
     * CI), where a bar redrawn with carriage returns would pile up into one unreadable line.
     */
    static Progress lines(PrintStream out, double everySeconds) {
        return new Progress() {
            private final long start = System.nanoTime();
            private int firstDone = -1;
            private double lastPrinted = Double.NEGATIVE_INFINITY;

            @Override
            public void update(int done, int total, int skipped, String last) {
                if (firstDone < 0) firstDone = skipped;
                double elapsed = (System.nanoTime() - start) * 1e-9;
                if (done < total && elapsed - lastPrinted < everySeconds) return;
                lastPrinted = elapsed;
                out.printf("deeprf: %d/%d draws, %s elapsed, ETA %s%s%n", done, total, time(elapsed),
                        eta(elapsed, done - firstDone, total - done), last.isEmpty() ? "" : ", last " + last);
                out.flush();
            }

            @Override
            public void finish() { out.flush(); }

            @Override
            public void note(String line) {
                out.println("deeprf: " + line);
                out.flush();
            }
        };
    }

    /** Time left at the pace of the draws run so far in this process ("--" before the first). */
    private static String eta(double elapsed, int ranNow, int left) {
        return ranNow <= 0 ? "--" : time(elapsed / ranNow * left);
    }

    static String time(double s) {
        if (s < 60) return String.format("%.1fs", s);
        if (s < 3600) return String.format("%dm%02ds", (int) (s / 60), (int) s % 60);
        return String.format("%dh%02dm", (int) (s / 3600), (int) (s / 60) % 60);
    }
}
