package dev.logsieve.ensemble.train;

import dev.logsieve.ensemble.DecisionTreeMember;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.KnnMember;
import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.MemberSettings;
import dev.logsieve.ensemble.MlpMember;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.features.FeatureExtractor;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.features.WordVocabulary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Trains an {@link Ensemble} from labeled sequences: builds the vocabulary, the features, then each
 * requested member, in the fixed order dt, knn, mlp. It prints nothing; progress goes to the
 * callback given to the constructor.
 */
public final class EnsembleTrainer {
    /** Names of the members this trainer knows, in voting order. */
    public static final List<String> MEMBERS = List.of(DecisionTreeMember.NAME, KnnMember.NAME, MlpMember.NAME);

    private final MemberSettings settings;
    private final Consumer<String> progress;

    public EnsembleTrainer(MemberSettings settings, Consumer<String> progress) {
        this.settings = settings == null ? MemberSettings.defaults() : settings.copy();
        this.progress = progress == null ? message -> { } : progress;
    }

    public EnsembleTrainer() {
        this(null, null);
    }

    /** Trains on sequences with known labels; their messages give the template texts. */
    public Ensemble train(List<LogSequence> sequences, Collection<String> members) {
        long[][] ids = new long[sequences.size()][];
        int[] labels = new int[sequences.size()];
        String[] keys = new String[sequences.size()];
        Map<Long, String> texts = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            LogSequence s = sequences.get(i);
            if (s.label != Labels.NORMAL && s.label != Labels.ANOMALOUS) {
                throw new IllegalArgumentException("sequence " + s.key + " has no label (" + s.label + ")");
            }
            ids[i] = s.templateIds;
            labels[i] = s.label;
            keys[i] = s.key;
            if (s.messages != null) {
                for (int j = 0; j < s.templateIds.length && j < s.messages.length; j++) {
                    texts.putIfAbsent(s.templateIds[j], s.messages[j]);
                }
            }
        }
        return train(ids, labels, keys, texts::get, members);
    }

    public Ensemble train(long[][] templateIds, int[] labels, Collection<String> members) {
        return train(templateIds, labels, null, members);
    }

    public Ensemble train(long[][] templateIds, int[] labels, LongFunction<String> templateText, Collection<String> members) {
        return train(templateIds, labels, null, templateText, members);
    }

    /**
     * @param keys         the sequences' keys, aligned with {@code templateIds}, for KNN to name its
     *                     points; null names them by their row
     * @param templateText text of a template id for the vocabulary (explanations), or null
     * @param members      a subset of {@link #MEMBERS}, trained in the order of {@link #MEMBERS}; may
     *                     be empty (an ensemble of no members, with its feature extractor)
     */
    public Ensemble train(long[][] templateIds, int[] labels, String[] keys, LongFunction<String> templateText,
                          Collection<String> members) {
        Objects.requireNonNull(templateIds, "templateIds");
        Objects.requireNonNull(labels, "labels");
        if (templateIds.length != labels.length) {
            throw new IllegalArgumentException("sequences and labels differ in number: " + templateIds.length + " vs " + labels.length);
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String m : members) {
            String name = m.trim().toLowerCase(Locale.ROOT);
            if (!MEMBERS.contains(name)) {
                throw new IllegalArgumentException("unknown member '" + m + "'; known: " + MEMBERS);
            }
            wanted.add(name);
        }
        // No feature member wanted (the LLM member alone): the vocabulary and features are still
        // built, since the verdict's unseen-template count and the bundle need them.

        long t0 = System.nanoTime();
        Vocabulary vocabulary = Vocabulary.build(templateIds, templateText);
        WordVocabulary words = settings.featureWords
                ? WordVocabulary.build(templateIds, vocabulary, settings.featureWordMinLines) : null;
        if (words != null && words.size() == 0) {
            words = null; // no template texts (trained from ids alone): nothing to add
        }
        FeatureExtractor extractor = new FeatureExtractor(vocabulary, FeatureExtractor.Scaling.parse(settings.featureScaling), words);
        double[][] x = extractor.features(templateIds);
        int anomalous = 0;
        for (int label : labels) {
            anomalous += label == Member.ANOMALOUS ? 1 : 0;
        }
        progress.accept(String.format(Locale.ROOT, "features: %d sequences (%d anomalous), %d templates, %d words, %d columns, %s scaling",
                x.length, anomalous, vocabulary.size(), words == null ? 0 : words.size(), extractor.dimension(), extractor.scaling()));

        List<Member> trained = new ArrayList<>();
        for (String name : MEMBERS) {
            if (!wanted.contains(name)) {
                continue;
            }
            long start = System.nanoTime();
            Member member;
            switch (name) {
                case DecisionTreeMember.NAME:
                    member = DecisionTreeTrainer.train(x, labels, settings);
                    break;
                case KnnMember.NAME:
                    member = KnnTrainer.train(x, labels, keys, settings);
                    break;
                case MlpMember.NAME:
                    member = MlpTrainer.train(x, labels, settings);
                    break;
                default:
                    throw new AssertionError(name);
            }
            trained.add(member);
            progress.accept(String.format(Locale.ROOT, "trained %s in %.1f s: %s", name, (System.nanoTime() - start) / 1e9, member));
        }
        progress.accept(trained.isEmpty() ? "dt, knn, mlp: none asked for (--members)"
                : String.format(Locale.ROOT, "%s trained in %.1f s", String.join(", ", trained.stream().map(Member::name).toList()),
                        (System.nanoTime() - t0) / 1e9));
        return new Ensemble(extractor, trained, settings);
    }
}
