package dev.logsieve.training;

import dev.logsieve.eval.Confusion;
import dev.logsieve.event.LogSequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code evaluate --sweep}: the model trained once judges the test part unperturbed and then perturbed
 * by each kind alone at 5, 10, 20 and 30 % (FlexLog's SynHDFS-U injection rates), with the same seed
 * as {@code --perturb}, so a larger share perturbs more of the same sequences or templates.
 */
public final class PerturbationSweep {
    /** The shares judged for each kind. */
    public static final double[] RATES = {0.05, 0.10, 0.20, 0.30};

    /** Judges test sequences with the trained model. */
    @FunctionalInterface
    public interface Judge {
        Confusion judge(List<LogSequence> test) throws Exception;
    }

    /** What the sweep measured: {@link #facts} for the report, {@link #table} to print. */
    public record Result(Map<String, Object> facts, String table) {}

    private PerturbationSweep() {}

    /**
     * @param kinds the kinds to sweep, one row each (a kind given twice is swept once)
     * @param unperturbed the test part's scores without perturbation, or null to judge it here
     */
    public static Result run(List<Perturbation.Kind> kinds, List<LogSequence> test, long seed, Confusion unperturbed,
                             Judge judge) throws Exception {
        Confusion base = unperturbed != null ? unperturbed : judge.judge(test);
        Map<String, Object> facts = new LinkedHashMap<>();
        List<Double> rates = new ArrayList<>();
        for (double r : RATES) {
            rates.add(r);
        }
        facts.put("rates", rates);
        facts.put("seed", seed);
        facts.put("unperturbed", scores(base, null));
        StringBuilder table = new StringBuilder(String.format("%-10s %8s", "F1", "0 %"));
        for (double r : RATES) {
            table.append(String.format(" %7.0f %%", 100 * r));
        }
        table.append('\n');
        for (Perturbation.Kind kind : kinds.stream().distinct().toList()) {
            String name = kind.name().toLowerCase();
            table.append(String.format("%-10s %8.4f", name, base.f1()));
            List<Map<String, Object>> row = new ArrayList<>();
            for (double r : RATES) {
                Perturbation.Result p = Perturbation.applyAll(List.of(new Perturbation(kind, r)), test, seed);
                Confusion c = judge.judge(p.sequences());
                row.add(scores(c, p.facts().get(0)));
                table.append(String.format(" %9.4f", c.f1()));
            }
            table.append('\n');
            facts.put(name, row);
        }
        return new Result(facts, table.toString());
    }

    private static Map<String, Object> scores(Confusion c, Map<String, Object> perturbation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("f1", c.f1());
        m.put("precision", c.precision());
        m.put("recall", c.recall());
        if (perturbation != null) {
            m.put("perturbation", perturbation);
        }
        return m;
    }
}
