package dev.logsieve.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Reports as JSON, for comparing two runs of the same input. */
public final class ReportJson {
    private ReportJson() {}

    /** A report without its wall-clock fields, which differ between any two runs. */
    public static JsonNode withoutTimes(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        copy.remove(List.of("seconds", "lines_per_second"));
        return copy;
    }
}
