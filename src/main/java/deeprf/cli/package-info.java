/** The command line (picocli): {@code deeprf run | theory | structured | demo | backends | selfcheck | bench-report}. */
package deeprf.cli;
