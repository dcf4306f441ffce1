package dev.logsieve.training;

import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code evaluate}'s {@code --perturb} and {@code --sweep}: instability built into the test part ({@link Perturbation}). */
public class PerturbOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--perturb", paramLabel = "KIND:R",
            description = "Perturb the test part (labels unchanged; seeded by --seed; repeatable, applied in order): "
                    + "sequence:R edits a share R of the test sequences (an event duplicated, dropped or swapped with "
                    + "its neighbour, one to three times, as LogRobust's synthetic HDFS); template:R rewords a share R "
                    + "of the test part's templates everywhere they occur (a word inserted, deleted or replaced)")
    List<String> perturb = new ArrayList<>();

    @Option(names = "--sweep", description = "Also judge the test part perturbed by each --perturb kind alone at "
            + "5, 10, 20 and 30 %% (both kinds when no --perturb is given), with the model trained once; prints a table")
    boolean sweep;

    private List<Perturbation> parsed;

    /** Whether any perturbation or a sweep was asked for. */
    public boolean any() {
        return !perturb.isEmpty() || sweep;
    }

    /** The perturbations, parsed; errors name --perturb. */
    public List<Perturbation> perturbations() {
        if (parsed == null) {
            List<Perturbation> out = new ArrayList<>();
            for (String p : perturb) {
                try {
                    out.add(Perturbation.parse(p));
                } catch (IllegalArgumentException e) {
                    throw bad("--perturb", e.getMessage());
                }
            }
            parsed = out;
        }
        return parsed;
    }

    /** The kinds --sweep sweeps: those of --perturb, or both. */
    public List<Perturbation.Kind> sweepKinds() {
        List<Perturbation.Kind> kinds = perturbations().stream().map(p -> p.kind).distinct().toList();
        return kinds.isEmpty() ? List.of(Perturbation.Kind.values()) : kinds;
    }

    /**
     * The test part as it is to be judged (perturbed as asked) and what changed. With --sweep, also
     * checks that each swept kind applies to these sequences, so that a sweep cannot fail after training.
     */
    public Perturbation.Result perturb(List<LogSequence> test, long seed) {
        try {
            if (sweep) {
                for (Perturbation.Kind kind : sweepKinds()) {
                    Perturbation.applyAll(List.of(new Perturbation(kind, PerturbationSweep.RATES[0])), test, seed);
                }
            }
            return Perturbation.applyAll(perturbations(), test, seed);
        } catch (IllegalArgumentException e) {
            throw bad(perturb.isEmpty() ? "--sweep" : "--perturb", e.getMessage());
        }
    }

    private ParameterException bad(String option, String message) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + message);
    }
}
