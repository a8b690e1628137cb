package deeprf.cli;

/** A mistake the user can fix (bad spec, bad option, unwritable folder): printed as one line, exit code 2. */
public class UserError extends RuntimeException {
    public UserError(String message) { super(message); }

    public UserError(String message, Throwable cause) { super(message, cause); }
}
