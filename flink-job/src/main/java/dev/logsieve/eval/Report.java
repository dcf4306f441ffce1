package dev.logsieve.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON report of a backfill or evaluate run: the fields DESIGN section 7 names, plus the
 * dead-letter, late-line and cache counts. Scores are present only when labels were known.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"sequences", "tp", "fp", "fn", "tn", "precision", "recall", "f1", "dedup",
    "lines", "seconds", "lines_per_second"})
public final class Report {
    private final Confusion plain;
    private final Confusion dedup;
    @JsonProperty("lines")
    public final long lines;
    @JsonProperty("seconds")
    public final double seconds;
    @JsonProperty("sequences")
    public final long sequences;
    /** Anything else worth keeping: dead letters, late lines, cache hits, settings. */
    @JsonProperty("details")
    public final Map<String, Object> details = new LinkedHashMap<>();
    /** What a person should know before trusting the verdicts, in sentences; absent when empty. */
    @JsonProperty("warnings")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public final List<String> warnings = new ArrayList<>();

    public Report(long sequences, Confusion plain, Confusion dedup, long lines, double seconds) {
        this.sequences = sequences;
        this.plain = plain;
        this.dedup = dedup;
        this.lines = lines;
        this.seconds = seconds;
    }

    @JsonProperty("lines_per_second")
    public double linesPerSecond() {
        return seconds > 0 ? lines / seconds : 0;
    }

    public boolean labeled() {
        return plain != null && plain.sequences() > 0;
    }

    public Confusion plain() {
        return plain;
    }

    public Confusion dedupConfusion() {
        return dedup;
    }

    @JsonProperty("tp") public Long tp() { return labeled() ? plain.tp : null; }
    @JsonProperty("fp") public Long fp() { return labeled() ? plain.fp : null; }
    @JsonProperty("fn") public Long fn() { return labeled() ? plain.fn : null; }
    @JsonProperty("tn") public Long tn() { return labeled() ? plain.tn : null; }
    @JsonProperty("precision") public Double precision() { return labeled() ? plain.precision() : null; }
    @JsonProperty("recall") public Double recall() { return labeled() ? plain.recall() : null; }
    @JsonProperty("f1") public Double f1() { return labeled() ? plain.f1() : null; }

    @JsonProperty("dedup")
    public Confusion dedup() {
        return labeled() ? dedup : null;
    }

    public Report with(String name, Object value) {
        details.put(name, value);
        return this;
    }

    public void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    /** Writes this report as indented JSON; leaves {@code out} open. */
    public void write(OutputStream out) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, this);
    }

    /** A short table for the terminal. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-22s %,d%n", "lines", lines));
        sb.append(String.format("%-22s %,d%n", "sequences", sequences));
        for (Map.Entry<String, Object> e : details.entrySet()) {
            if (e.getValue() instanceof Double) {
                sb.append(String.format("%-22s %.3f%n", e.getKey(), (Double) e.getValue()));
            } else if (e.getValue() instanceof Number) {
                sb.append(String.format("%-22s %,d%n", e.getKey(), ((Number) e.getValue()).longValue()));
            }
        }
        sb.append(String.format("%-22s %.1f s (%,.0f lines/s)%n", "time", seconds, linesPerSecond()));
        if (labeled()) {
            sb.append(String.format("%-22s %s%n", "all sequences", plain));
            sb.append(String.format("%-22s %s%n", "de-duplicated", dedup.sequences() == 0
                    ? "no test sequence is new: every one occurs in training" : dedup.toString()));
        }
        return sb.toString();
    }
}
