package dev.logsieve.revision;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * When a growing sequence's new judgement becomes a new revision of its verdict. Each can be given
 * with {@code -D key=value} or in Flink's {@code config.yaml}; {@code dev.logsieve.cli.LogsieveOptions.all()}
 * lists every Logsieve setting.
 */
public final class RevisionOptions {
    private RevisionOptions() {}

    public static final ConfigOption<Double> MIN_SCORE_CHANGE = ConfigOptions.key("logsieve.verdict.min-score-change")
            .doubleType().noDefaultValue()
            .withDescription("Also emit a revision when the score (share of members voting anomalous) moved by at "
                    + "least this much since the last revision. Unset: a revision only when the label changes, "
                    + "and always for the final one.");
}
