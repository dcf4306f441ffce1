package dev.logsieve.cli;

import picocli.CommandLine.Command;

/**
 * Entry point of the Flink job module's commands: backfill and stream. The model-building commands
 * (train, evaluate, demo, generate) are the training module's ({@code dev.logsieve.training.TrainingMain}).
 *
 * <p>This is also the entry class a cluster runs ({@code flink run}, a jar submitted through the
 * REST API or web UI, the operator's application mode), where {@code main} runs inside Flink's
 * client or JobManager: there it never calls {@code System.exit}, which would take the JobManager
 * down with it. A failed command ends {@code main} with a {@link CommandFailedException} instead,
 * which Flink reports as the program's failure. Only the {@code ./logsieve} script, which sets the
 * system property {@value #EXIT_PROPERTY}, gets the exit code as the process's.
 */
@Command(name = "logsieve", mixinStandardHelpOptions = true, version = "logsieve 0.1.0",
        subcommands = {BackfillCommand.class, StreamCommand.class, ReportCommand.class},
        description = "Log anomaly detection on Apache Flink.")
public class JobMain {
    /** Set to true by the {@code ./logsieve} script: exit the JVM with the command's exit code. */
    public static final String EXIT_PROPERTY = "logsieve.exit";

    public static void main(String[] args) {
        int code = Commands.execute(new JobMain(), args);
        if (Boolean.getBoolean(EXIT_PROPERTY)) {
            System.exit(code);
        }
        if (code != 0) {
            throw new CommandFailedException(code);
        }
    }

    /** A command that ended with a non-zero exit code, its message already printed. */
    public static final class CommandFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public final int exitCode;

        CommandFailedException(int exitCode) {
            super("logsieve failed with exit code " + exitCode + (exitCode == 2 ? " (a bad option; the message above names it)"
                    : " (the message above says why)"));
            this.exitCode = exitCode;
        }
    }
}
