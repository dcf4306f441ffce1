package dev.logsieve.cli;

import dev.logsieve.bundle.Manifest;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.eval.Report;
import dev.logsieve.job.BackfillJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The log format of a run that judges with a bundle: the bundle's own when {@code --format} is not
 * given, and a stop, naming both, when the two differ. Logs read in the wrong format would
 * otherwise become dead letters and the run would report almost nothing.
 */
final class BundleFormat {
    /** Above this share of dead letters a backfill says that its input was probably not read right. */
    static final double MOSTLY_DEAD = 0.5;

    private BundleFormat() {}

    /** How a command reports a bad option: the option, and what is wrong with it. */
    interface BadOption {
        picocli.CommandLine.ParameterException of(String option, String message);
    }

    /** The format to read the logs in: {@code given} (the --format option), or the bundle's when that is null. */
    static String resolve(String given, Path models, BadOption bad) {
        Manifest manifest;
        try {
            manifest = ModelBundle.readManifest(models);
        } catch (IOException | UncheckedIOException e) {
            throw bad.of("--models", e.getMessage());
        }
        String trained = manifest.format;
        if (given == null) {
            if (trained == null) {
                throw bad.of("--format", "missing, and the bundle " + models + " does not say which format it was trained on");
            }
            return trained;
        }
        if (trained != null && !trained.equalsIgnoreCase(given)) {
            throw bad.of("--format", "the logs would be read as '" + given
                    + "', but the bundle " + models + " was trained on '" + trained + "' logs. Leave --format out to read "
                    + "them as '" + trained + "', or give --models a bundle trained on " + given + " logs.");
        }
        return given;
    }

    /**
     * Why a finished backfill's output is not to be trusted, or null: most of its lines could not
     * be used, which means the logs are not in the format they were read in.
     */
    static String mostlyDeadLetters(Report report, String format, String out) {
        Object dead = report.details.get("dead_letters");
        long deadLetters = dead instanceof Number n ? n.longValue() : 0;
        if (report.lines == 0 || deadLetters <= MOSTLY_DEAD * report.lines) {
            return null;
        }
        return String.format(Locale.ROOT, "%,d of %,d lines (%.0f %%) could not be used as --format %s; are the logs "
                + "in that format? Each of them, with its reason, is in %s.", deadLetters, report.lines,
                100.0 * deadLetters / report.lines, format, BackfillJob.outputFile(out, "dead-letter.jsonl"));
    }
}
