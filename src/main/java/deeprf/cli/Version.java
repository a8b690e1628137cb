package deeprf.cli;

import picocli.CommandLine;

/** The version and build commit ({@link deeprf.experiment.SummaryJson#deeprfVersion}). */
public final class Version implements CommandLine.IVersionProvider {
    public static String get() {
        return deeprf.experiment.SummaryJson.deeprfVersion();   // one definition: summary.json's deeprf_version
    }

    @Override
    public String[] getVersion() {
        return new String[]{"deeprf " + get() + " on JDK " + Runtime.version()};
    }
}
