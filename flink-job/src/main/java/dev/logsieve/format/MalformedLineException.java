package dev.logsieve.format;

/**
 * A line that does not fit its format. The message is the reason a person reads in the dead-letter
 * output. Thrown once per bad line, so it carries no stack trace.
 */
public final class MalformedLineException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedLineException(String reason) {
        super(reason, null, false, false);
    }
}
