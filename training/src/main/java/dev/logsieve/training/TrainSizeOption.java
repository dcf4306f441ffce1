package dev.logsieve.training;

import dev.logsieve.event.LogSequence;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --train-size N} of {@code evaluate} and {@code evaluate-adfa}: train on few labels ({@link Sampling#limitedSize}). */
public class TrainSizeOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--train-size", paramLabel = "N",
            description = "Train on N unique sequences of the training part, drawn as FlexLog draws limited data: all "
                    + "unique anomalous ones plus unique normal ones, or half and half (drawn at random) when the "
                    + "anomalous ones would fill more than half of N (FlexLog's data efficiency: 50, 500, 1000, 2000)")
    Integer trainSize;

    /** Checks the option against the settings; errors name it. */
    public void check(TrainingSettings settings) {
        if (trainSize == null) {
            return;
        }
        if (trainSize <= 0) {
            throw bad("must be a positive number of sequences, got " + trainSize);
        }
        if (settings.limitedNormalFraction != null) {
            throw bad("--train-size and --limited-data both draw the training set; give one of them");
        }
    }

    /** The training part as drawn: all of it without --train-size. */
    public List<LogSequence> draw(List<LogSequence> train, TrainingSettings settings, Consumer<String> progress) {
        check(settings);
        if (trainSize == null) {
            return train;
        }
        List<LogSequence> drawn = Sampling.limitedSize(train, trainSize, settings.seed);
        long anomalous = drawn.stream().filter(s -> s.label == dev.logsieve.event.Labels.ANOMALOUS).count();
        progress.accept(String.format("--train-size %,d: drew %,d unique sequences (%,d anomalous, %,d normal) of %,d",
                trainSize, drawn.size(), anomalous, drawn.size() - anomalous, train.size()));
        return drawn;
    }

    /** The size asked for, or null. */
    public Integer size() {
        return trainSize;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '--train-size': " + message);
    }
}
