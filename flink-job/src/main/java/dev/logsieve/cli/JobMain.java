package dev.logsieve.cli;

import picocli.CommandLine.Command;

/**
 * Entry point of the Flink job module's commands: backfill and stream. The model-building commands
 * (train, evaluate, demo, generate) are the training module's ({@code dev.logsieve.training.TrainingMain}).
 */
@Command(name = "logsieve", mixinStandardHelpOptions = true, version = "logsieve 0.1.0",
        subcommands = {BackfillCommand.class, StreamCommand.class},
        description = "Log anomaly detection on Apache Flink.")
public class JobMain {
    public static void main(String[] args) {
        System.exit(Commands.execute(new JobMain(), args));
    }
}
