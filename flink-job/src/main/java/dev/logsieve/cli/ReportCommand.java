package dev.logsieve.cli;

import dev.logsieve.eval.EvalOptions;
import dev.logsieve.eval.ReportPage;
import dev.logsieve.io.Locations;
import dev.logsieve.job.BackfillJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code logsieve report}: {@code report.html} from a backfill's {@code report.json} and verdicts.
 * A local or attached backfill writes it by itself; this is for a backfill submitted to a cluster
 * without waiting (REST, {@code flink run -d}, application mode), once its job has finished.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Write report.html from a backfill's report.json and verdicts.",
        description = "Write report.html into a backfill's output directory from the report.json and the verdicts "
            + "(verdicts.jsonl or verdicts.pb) there: summary, confusion matrix, precision and recall against the threshold, "
            + "anomalies and unseen templates over time, the templates anomalous verdicts name, member agreement and the "
            + "most anomalous sequences with their evidence. One self-contained file. A backfill that waits for its job "
            + "writes it by itself.")
public class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The backfill's output directory: a local path, or a URI of a file system Flink has (s3://, hdfs://)")
    String out;

    @Option(names = "--retrain-unseen-share", paramLabel = "SHARE",
            description = "Advise retraining where more than this share of the lines have templates training never saw "
                + "(default: 0.01, or logsieve.report.retrain-unseen-share)")
    Double retrainShare;

    @Override
    public Integer call() throws Exception {
        double share = retrainShare != null ? retrainShare : EvalOptions.RETRAIN_UNSEEN_SHARE.defaultValue();
        if (share <= 0 || share >= 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--retrain-unseen-share': " + share
                    + " (expected a share between 0 and 1)");
        }
        String report = BackfillJob.outputFile(out, "report.json");
        boolean there;
        try {
            there = Locations.exists(report);
        } catch (java.io.IOException | RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--out': cannot reach " + out + ": "
                    + e.getMessage());
        }
        if (!there) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--out': no report.json in " + out
                    + " (has the backfill's job finished?)");
        }
        ReportPage.writeIn(out, share);
        spec.commandLine().getOut().println("wrote " + BackfillJob.outputFile(out, ReportPage.FILE));
        return 0;
    }
}
