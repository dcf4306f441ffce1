package dev.logsieve.job;

import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.LogSequence;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.format.MalformedLineException;
import dev.logsieve.format.SequenceFormat;
import dev.logsieve.io.RawLine;
import dev.logsieve.mask.LogMasker;
import dev.logsieve.mask.TemplateIds;
import dev.logsieve.metrics.Counts;
import dev.logsieve.metrics.CountsAtEnd;
import dev.logsieve.metrics.JobCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * For the {@code sequences} format, where one JSON line is a whole sequence: parses it and masks
 * each message. A sequence has no timestamps, so its start and end are its line number (its
 * position in the input), which is what a chronological split orders by.
 */
public class ParseSequences extends ProcessFunction<RawLine, LogSequence> implements CountsAtEnd.Counted {
    private static final long serialVersionUID = 1L;

    private final SequenceFormat format = new SequenceFormat();
    private final boolean keepMessages;
    /** Templates whose messages are dropped even when messages are kept; null for none. */
    private final Vocabulary known;
    private transient Counts counts;
    private transient JobCounter.Count linesRead;
    private transient JobCounter.Count linesParsed;
    private transient JobCounter.Count deadLetters;

    /**
     * @param keepMessages keep the masked messages in the sequence
     * @param known        when not null, keep the message only for lines whose template is not in it
     */
    public ParseSequences(boolean keepMessages, Vocabulary known) {
        this.keepMessages = keepMessages;
        this.known = known;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = new Counts(getRuntimeContext());
        linesRead = counts.open(JobCounter.LINES_READ);
        linesParsed = counts.open(JobCounter.LINES_PARSED);
        deadLetters = counts.open(JobCounter.DEAD_LETTERS);
    }

    @Override
    public Counts counts() {
        return counts;
    }

    @Override
    public void processElement(RawLine raw, Context ctx, Collector<LogSequence> out) {
        linesRead.add(1);
        SequenceFormat.Entry entry;
        try {
            if (raw.truncated) {
                throw new MalformedLineException("line of " + raw.bytes + " bytes is longer than the limit");
            }
            entry = format.parse(raw.text);
        } catch (MalformedLineException | RuntimeException e) {
            deadLetters.add(1);
            ctx.output(ParseAndMask.DEAD_LETTERS,
                    new DeadLetter(raw.source, raw.lineNumber, e.getMessage(), raw.text, raw.bytes));
            return;
        }
        int n = entry.messages.length;
        long[] ids = new long[n];
        String[] masked = new String[n];
        for (int i = 0; i < n; i++) {
            masked[i] = LogMasker.mask(entry.messages[i]);
            ids[i] = TemplateIds.of(masked[i]);
        }
        String key = entry.id != null ? entry.id : raw.source + ":" + raw.lineNumber;
        linesParsed.add(1);
        String[] kept = null;
        if (keepMessages) {
            for (int i = 0; i < n; i++) {
                if (known != null && known.index(ids[i]) >= 0) {
                    masked[i] = null;
                } else {
                    kept = masked;
                }
            }
        }
        out.collect(new LogSequence(key, raw.lineNumber, raw.lineNumber, ids, kept, entry.label));
    }
}
