package deeprf.cli;

import deeprf.backend.BackendUnavailableException;
import picocli.CommandLine;

/** Maps exceptions escaping a command to one clear line (user mistakes) or a trace (bugs). */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (ex instanceof UserError || ex instanceof BackendUnavailableException || ex instanceof IllegalArgumentException) {
            System.err.println("deeprf: " + ex.getMessage());
            return Main.EXIT_USAGE;
        }
        System.err.println("deeprf: internal error (please report): " + ex);
        ex.printStackTrace(System.err);
        return 1;
    }
}
