package deeprf.cli;

import picocli.CommandLine;

/** The version from the jar manifest (or "dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {
    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    @Override
    public String[] getVersion() {
        return new String[]{"deeprf " + get() + " on JDK " + Runtime.version()};
    }
}
