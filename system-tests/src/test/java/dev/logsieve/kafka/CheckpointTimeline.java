package dev.logsieve.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;

/**
 * The completed checkpoints of a running job, read from Flink's REST API ({@code GET
 * /jobs/:jobid/checkpoints}), used by {@link StreamBenchmark} to say what a verdict's latency after
 * its session closes is made of. An exactly-once sink makes a verdict readable when the first
 * checkpoint whose barrier passes after the verdict completes and its Kafka transaction commits, so
 * the latency splits into three parts: the wait for that checkpoint's trigger, the checkpoint itself
 * (trigger to the last acknowledgement), and the commit (completion to readable).
 */
final class CheckpointTimeline {
    /** Trigger and completion of one completed checkpoint, in wall-clock milliseconds. */
    record Checkpoint(long id, long triggered, long completed) {}

    private final List<Checkpoint> completed;

    private CheckpointTimeline(List<Checkpoint> completed) {
        this.completed = completed;
    }

    /**
     * Reads the job's completed checkpoints from the REST endpoint at {@code port}; Flink keeps as
     * many as {@code web.checkpoints.history} says.
     */
    static CheckpointTimeline read(int port, JobID job) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/jobs/" + job + "/checkpoints"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    /** The completed checkpoints in the answer of {@code GET /jobs/:jobid/checkpoints}; failed and pending ones are left out. */
    static CheckpointTimeline parse(String body) throws IOException {
        List<Checkpoint> done = new ArrayList<>();
        for (JsonNode c : new ObjectMapper().readTree(body).path("history")) {
            if ("COMPLETED".equals(c.path("status").asText())) {
                long triggered = c.path("trigger_timestamp").asLong();
                done.add(new Checkpoint(c.path("id").asLong(), triggered, triggered + c.path("end_to_end_duration").asLong()));
            }
        }
        done.sort((a, b) -> Long.compare(a.completed, b.completed));
        return new CheckpointTimeline(done);
    }

    /** The latest checkpoint completed at or before {@code readableAt}: the one that made a verdict readable then. */
    Checkpoint committing(long readableAt) {
        Checkpoint found = null;
        for (Checkpoint c : completed) {
            if (c.completed > readableAt) {
                break;
            }
            found = c;
        }
        return found;
    }

    /**
     * Splits each verdict's latency after its session closed. Both maps hold wall-clock milliseconds
     * by block: when the session closed and when its verdict was readable.
     *
     * @return a line for the benchmark's output
     */
    String split(Map<String, Long> closedAt, Map<String, Long> readableAt) {
        List<Long> toTrigger = new ArrayList<>();
        List<Long> commit = new ArrayList<>();
        List<Long> checkpoint = new ArrayList<>();
        long firstClose = Long.MAX_VALUE;
        long lastReadable = Long.MIN_VALUE;
        for (Map.Entry<String, Long> e : closedAt.entrySet()) {
            Long readable = readableAt.get(e.getKey());
            Checkpoint c = readable == null ? null : committing(readable);
            if (c == null || c.triggered < e.getValue()) {
                continue; // not covered by the history kept, or the sender's estimate of the close came after the trigger
            }
            toTrigger.add(c.triggered - e.getValue());
            commit.add(readable - c.completed);
            firstClose = Math.min(firstClose, e.getValue());
            lastReadable = Math.max(lastReadable, readable);
        }
        for (Checkpoint c : completed) {
            if (c.triggered >= firstClose && c.completed <= lastReadable) {
                checkpoint.add(c.completed - c.triggered);
            }
        }
        Collections.sort(toTrigger);
        Collections.sort(commit);
        Collections.sort(checkpoint);
        return String.format("what it is made of, over %,d verdicts and %d checkpoints: session closed -> trigger of the checkpoint "
                        + "that committed its verdict p50 %d ms, p99 %d ms; that checkpoint, trigger -> complete p50 %d ms, max %d ms; "
                        + "complete -> verdict readable p50 %d ms, p99 %d ms, max %d ms",
                toTrigger.size(), checkpoint.size(), pct(toTrigger, 0.5), pct(toTrigger, 0.99), pct(checkpoint, 0.5),
                pct(checkpoint, 1.0), pct(commit, 0.5), pct(commit, 0.99), pct(commit, 1.0));
    }

    /** The {@code q}-quantile of {@code sorted} (nearest rank), -1 when it is empty. */
    static long pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(q * sorted.size()) - 1)));
    }
}
