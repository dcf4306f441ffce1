package dev.logsieve.job;

import dev.logsieve.io.RawLine;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Lets lines through at most at a given rate per parallel instance, so stored files can be replayed
 * at the pace of a live system (the demo uses it).
 */
public class Throttle extends RichMapFunction<RawLine, RawLine> {
    private static final long serialVersionUID = 1L;

    private final double linesPerSecond;
    private transient long start;
    private transient long seen;

    public Throttle(double linesPerSecond) {
        if (!(linesPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + linesPerSecond);
        }
        this.linesPerSecond = linesPerSecond;
    }

    @Override
    public void open(OpenContext openContext) {
        start = System.nanoTime();
    }

    @Override
    public RawLine map(RawLine line) throws InterruptedException {
        seen++;
        if (seen % 256 == 0) {
            long due = start + (long) (seen / linesPerSecond * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        return line;
    }
}
