package dev.logsieve.eval;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Settings that only reports and labeled runs read (backfill, train, evaluate), typed. Each can be given on the command line (the commands' options map
 * to these keys), with {@code -D key=value}, or in Flink's {@code config.yaml};
 * {@code dev.logsieve.cli.LogsieveOptions.all()} lists every Logsieve setting.
 */
public final class EvalOptions {
    private EvalOptions() {}

    public static final ConfigOption<String> LABELS = ConfigOptions.key("logsieve.input.labels")
            .stringType().noDefaultValue()
            .withDescription("A session-labels file (BlockId,Label) whose labels are attached to sequences for reports.");

    public static final ConfigOption<Double> RETRAIN_UNSEEN_SHARE = ConfigOptions.key("logsieve.report.retrain-unseen-share")
            .doubleType().defaultValue(0.01)
            .withDescription("report.html advises retraining where more than this share of the lines have templates that "
                    + "training never saw (the drift signal).");
}
