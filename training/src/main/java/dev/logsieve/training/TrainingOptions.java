package dev.logsieve.training;

import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** The training options that train and evaluate share. */
public class TrainingOptions {
    @Option(names = "--members", split = ",", paramLabel = "NAMES", defaultValue = "dt,knn,mlp",
            description = "Ensemble members to train: dt, knn, mlp (default: ${DEFAULT-VALUE})")
    List<String> members;

    @Option(names = "--limited-data", paramLabel = "FRACTION",
            description = "FlexLog sampling: all unique anomalous sequences plus this share of the unique normal ones (FlexLog: 0.2)")
    Double limitedData;

    @Option(names = "--beta", paramLabel = "SHARE", defaultValue = "0.3",
            description = "LogLLM minority oversampling: the minority class makes up at least this share (0 = off; default ${DEFAULT-VALUE})")
    double beta;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE})")
    long seed;

    private static RuntimeException bad(dev.logsieve.cli.InputOptions input, String option, String message) {
        return input != null ? input.bad(option, message)
                : new IllegalArgumentException("Invalid value for option '" + option + "': " + message);
    }

    /** Checks the options; errors name the option (through {@code input}'s command line when given). */
    TrainingSettings toSettings(dev.logsieve.cli.InputOptions input) {
        TrainingSettings s = new TrainingSettings();
        s.members = new LinkedHashSet<>();
        for (String m : members) {
            String name = m.trim().toLowerCase();
            if (!List.of("dt", "knn", "mlp").contains(name)) {
                throw bad(input, "--members", "unknown member '" + m + "' (known: dt, knn, mlp)");
            }
            s.members.add(name);
        }
        if (limitedData != null && !(limitedData > 0 && limitedData <= 1)) {
            throw bad(input, "--limited-data", "must be in (0, 1], got " + limitedData);
        }
        if (beta < 0 || beta >= 1) {
            throw bad(input, "--beta", "must be in [0, 1), got " + beta);
        }
        s.limitedNormalFraction = limitedData;
        s.beta = beta;
        s.seed = seed;
        return s;
    }
}
