package dev.logsieve.event;

/** Label values shared by every record: a small int so that records stay cheap to serialize. */
public final class Labels {
    /** No label is known for this line or sequence. */
    public static final int UNKNOWN = -1;
    public static final int NORMAL = 0;
    public static final int ANOMALOUS = 1;

    private Labels() {}

    /** Combines two labels the way a window does: anomalous if either is, unknown only if both are. */
    public static int merge(int a, int b) {
        return Math.max(a, b);
    }

    public static String name(int label) {
        switch (label) {
            case NORMAL: return "normal";
            case ANOMALOUS: return "anomalous";
            default: return "unknown";
        }
    }
}
