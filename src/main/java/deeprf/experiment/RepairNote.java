package deeprf.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rerun repaired in a results.csv, said in one line: the dropped draws' compute is spent again, so it is never
 * silent. Shared by the ridge and structured runs, which cut torn lines and drop damaged or stale draws alike.
 */
public final class RepairNote {
    private final List<String> repairs = new ArrayList<>();

    public void tornLastLine() {
        repairs.add("a torn last line (a run stopped while writing it) was cut");
    }

    public void unreadableLines(int count) {
        if (count > 0) repairs.add(count + (count == 1 ? " unreadable line was" : " unreadable lines were") + " dropped");
    }

    /** {@code count} finished draws, each {@code why} ("written at λ' values off this spec's grid …"), run again. */
    public void finishedDrawsRunAgain(int count, String why) {
        if (count > 0) repairs.add(count + (count == 1 ? " finished draw " : " finished draws ") + why + " will run again");
    }

    /** {@code count} draws, described as {@code one} or {@code many} ("draw without exactly one row per λ'"), run again. */
    public void drawsRunAgain(int count, String one, String many) {
        if (count > 0) repairs.add(count + " " + (count == 1 ? one : many) + " will run again");
    }

    /** The line ("results.csv repaired: …; …"), or null when nothing was repaired. */
    public String line() {
        return repairs.isEmpty() ? null : "results.csv repaired: " + String.join("; ", repairs);
    }
}
