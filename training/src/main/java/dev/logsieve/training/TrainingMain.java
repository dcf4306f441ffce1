package dev.logsieve.training;

import dev.logsieve.cli.BackfillCommand;
import dev.logsieve.cli.Commands;
import dev.logsieve.cli.ReportCommand;
import dev.logsieve.cli.StreamCommand;
import picocli.CommandLine.Command;

/** Entry point for every command; the {@code ./logsieve} script starts it for train, evaluate and demo. */
@Command(name = "logsieve", mixinStandardHelpOptions = true, version = "logsieve 0.1.0",
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, BackfillCommand.class,
            GenerateCommand.class, StreamCommand.class, AdfaCommand.class, KnowledgeCommand.class, ReportCommand.class},
        description = "Log anomaly detection on Apache Flink: LogLLM-style masking and sequences, a FlexLog-style ensemble.")
public class TrainingMain {
    public static void main(String[] args) {
        System.exit(Commands.execute(new TrainingMain(), args));
    }
}
