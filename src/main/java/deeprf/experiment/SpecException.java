package deeprf.experiment;

/** A spec that cannot be run: the message is one line naming the key, the value and what is allowed. */
public final class SpecException extends IllegalArgumentException {
    public SpecException(String message) { super(message); }
}
