package dev.logsieve.format;

/**
 * A line seen through a step budget, so that a user-supplied regex cannot hang the job on one
 * pathological line. Java's regex engine reads its input only through {@link #charAt}; every read
 * costs one step, and when the budget is spent the read throws {@link Exhausted}, which the caller
 * turns into a {@link MalformedLineException}. Lazy groups separated by {@code \s+} backtrack
 * polynomially on lines that almost match; a budget linear in the line length keeps the cost of any
 * line linear too, at the price of giving up on lines no real log has.
 *
 * <p>Not thread-safe: one instance per match.
 */
final class BoundedText implements CharSequence {
    /** Steps allowed per character of the line, plus {@link #BASE_STEPS}. */
    static final int STEPS_PER_CHAR = 64;

    static final int BASE_STEPS = 100_000;

    /** Thrown when the budget is spent; shared, no stack trace. */
    static final class Exhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        static final Exhausted INSTANCE = new Exhausted();

        private Exhausted() {
            super("regex step budget spent", null, false, false);
        }
    }

    private final String text;
    private long budget;

    BoundedText(String text) {
        this.text = text;
        this.budget = BASE_STEPS + (long) STEPS_PER_CHAR * text.length();
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        if (--budget < 0) {
            throw Exhausted.INSTANCE;
        }
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
