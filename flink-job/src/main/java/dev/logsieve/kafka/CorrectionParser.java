package dev.logsieve.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logsieve.cache.SequenceIds;
import dev.logsieve.event.DeadLetter;
import dev.logsieve.event.LabelCorrection;
import dev.logsieve.event.Labels;
import dev.logsieve.io.RawLine;
import dev.logsieve.job.ParseAndMask;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reads a label correction from its JSON record: {@code {"sequenceId": 123}} or
 * {@code {"templateIds": [..]}} (the id is then computed with {@link SequenceIds#of}), {@code "label"}
 * 0, 1 or null (null: forget the cached verdict), {@code "who"} and {@code "when"} (epoch ms). A
 * record that is not one goes to {@link ParseAndMask#DEAD_LETTERS} with the reason.
 */
public class CorrectionParser extends ProcessFunction<RawLine, LabelCorrection> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private transient Counter applied;
    private transient Counter rejected;

    @Override
    public void open(OpenContext openContext) {
        applied = getRuntimeContext().getMetricGroup().counter("correctionsIn");
        rejected = getRuntimeContext().getMetricGroup().counter("correctionsRejected");
    }

    @Override
    public void processElement(RawLine raw, Context ctx, Collector<LabelCorrection> out) {
        try {
            out.collect(parse(raw.text));
            applied.inc();
        } catch (IllegalArgumentException e) {
            rejected.inc();
            DeadLetter d = new DeadLetter(raw.source, raw.lineNumber, "bad label correction: " + e.getMessage(),
                    raw.text, raw.bytes);
            d.original = raw.original;
            ctx.output(ParseAndMask.DEAD_LETTERS, d);
        }
    }

    /** The correction in {@code json}; IllegalArgumentException says what is wrong with it. */
    public static LabelCorrection parse(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        LabelCorrection c = new LabelCorrection();
        JsonNode id = n.get("sequenceId");
        JsonNode templates = n.get("templateIds");
        if (id != null && !id.isNull()) {
            if (!id.canConvertToLong() || !id.isIntegralNumber()) {
                throw new IllegalArgumentException("sequenceId must be a 64-bit integer");
            }
            c.sequenceId = id.asLong();
        } else if (templates != null && templates.isArray() && !templates.isEmpty()) {
            long[] ids = new long[templates.size()];
            for (int i = 0; i < ids.length; i++) {
                JsonNode t = templates.get(i);
                if (!t.isIntegralNumber() || !t.canConvertToLong()) {
                    throw new IllegalArgumentException("templateIds must be 64-bit integers");
                }
                ids[i] = t.asLong();
            }
            c.sequenceId = SequenceIds.of(ids);
        } else {
            throw new IllegalArgumentException("needs sequenceId or a non-empty templateIds");
        }
        if (!n.has("label")) {
            throw new IllegalArgumentException("needs label: 0, 1 or null");
        }
        JsonNode label = n.get("label");
        if (label.isNull()) {
            c.label = Labels.UNKNOWN;
        } else if (label.isInt() && (label.asInt() == Labels.NORMAL || label.asInt() == Labels.ANOMALOUS)) {
            c.label = label.asInt();
        } else {
            throw new IllegalArgumentException("label must be 0, 1 or null, got " + label);
        }
        JsonNode who = n.get("who");
        c.who = who == null || who.isNull() ? "unknown" : who.asText();
        JsonNode when = n.get("when");
        if (when != null && !when.isNull() && !when.isIntegralNumber()) {
            throw new IllegalArgumentException("when must be epoch milliseconds");
        }
        c.when = when == null || when.isNull() ? 0L : when.asLong();
        return c;
    }
}
