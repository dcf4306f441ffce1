package dev.logsieve.training;

import dev.logsieve.cli.Commands;
import dev.logsieve.cli.InputOptions;
import dev.logsieve.format.FormatSettings;
import dev.logsieve.format.Formats;
import dev.logsieve.job.SequenceCollector;
import dev.logsieve.window.Grouping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code logsieve train}: labeled logs in, model bundle out. */
@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train the ensemble on labeled logs and write a model bundle.",
        description = "Build sequences from labeled logs, train the ensemble members and write a model bundle to --out.")
public class TrainCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    TrainingOptions training;

    @Option(names = "--out", required = true, paramLabel = "BUNDLE", description = "Bundle directory to write")
    Path out;

    @Option(names = "--parallelism", paramLabel = "N", description = "Flink parallelism (default: the number of cores)")
    Integer parallelism;

    @Override
    public Integer call() throws Exception {
        List<Path> logs = input.localLogs(); // this process reads them
        Configuration conf = input.toConfiguration();
        TrainingSettings settings = training.toSettings(input);
        int p = Commands.parallelism(input, parallelism);
        System.err.printf("train: reading %s (%s)%n", input.logs, input.format);
        SequenceCollector.Collected c = SequenceCollector.collect(logs, conf, p, System.err);
        System.err.printf("train: %,d lines -> %,d sequences in %.1f s (%,d dead letters)%n",
                c.lines, c.sequences.size(), c.seconds, c.deadLetters);
        Files.createDirectories(out);
        Trainer.train(c.sequences, input.format, groupingOf(conf), settings, c.lines, out,
                msg -> System.err.println("train: " + msg));
        System.out.println("wrote model bundle " + out);
        return 0;
    }

    /** The grouping settings as recorded in a bundle's manifest. */
    static Map<String, Object> groupingOf(Configuration conf) {
        Map<String, Object> g = new LinkedHashMap<>();
        String format = conf.get(FormatSettings.FORMAT);
        g.put("grouping", Formats.isSequenceFormat(format) ? "one sequence per line"
                : Grouping.of(conf, FormatSettings.lineFormat(conf), true).toString());
        g.putAll(conf.toMap());
        return g;
    }
}
