package dev.logsieve.training;

import dev.logsieve.bundle.FallbackFiles;
import dev.logsieve.bundle.Manifest;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.bundle.TemplateStats;
import dev.logsieve.bundle.TrainingSequences;
import dev.logsieve.cache.SequenceIds;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.MemberSettings;
import dev.logsieve.ensemble.VoteRule;
import dev.logsieve.ensemble.train.EnsembleTrainer;
import dev.logsieve.ensemble.train.VoteChooser;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.llm.LlmMember;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Trains the ensemble on labeled sequences and writes the model bundle. */
public final class Trainer {
    private Trainer() {}

    /**
     * Trains the members and chooses how they vote. With a validation share ({@link
     * TrainingSettings#validation}), the latest part of the training sequences by time is held out
     * ({@link ValidationSplit}), the members are trained on the rest, the LLM member's settings
     * ({@link LlmSelection}) and the vote rule ({@link VoteChooser}) are chosen on the held-out part,
     * and then, unless {@link TrainingSettings#refit} is off, the members are trained again on all
     * the sequences with the chosen settings. Where validation keeps groups whole (evaluate-adfa's
     * attack families) and no LLM member is trained, the choice is cross-fitted instead: every group
     * is held out once, in folds ({@link ValidationSplit#folds}). The validation scores of every member
     * and rule go into the manifest and, as a table, to {@code progress} at the end.
     *
     * @param grouping how the sequences were formed, recorded in the manifest
     * @return the trained ensemble (also written to {@code bundleDir}); without the semantic fallback,
     *         whose encoder is closed when training ends: judge with the bundle read back to have it
     */
    public static Ensemble train(List<LogSequence> sequences, String format, Map<String, Object> grouping,
                                 TrainingSettings settings, long lines, Path bundleDir, Consumer<String> progress)
            throws IOException {
        List<LogSequence> labeled = new ArrayList<>();
        for (LogSequence s : sequences) {
            if (s.label != Labels.UNKNOWN) {
                labeled.add(s);
            }
        }
        if (labeled.isEmpty()) {
            throw new IllegalArgumentException("no labeled sequences to train on: give --labels for session formats, "
                    + "or use a format whose lines carry labels");
        }
        List<LogSequence> drawn = labeled;
        if (settings.limitedNormalFraction != null) {
            drawn = Sampling.limitedData(drawn, settings.limitedNormalFraction, settings.seed);
            progress.accept(String.format("limited-data sampling kept %,d of %,d sequences", drawn.size(), labeled.size()));
        }
        try (LazyEncoder encoders = new LazyEncoder()) {
            return train(drawn, labeled, format, grouping, settings, lines, bundleDir, progress, encoders);
        }
    }

    private static Ensemble train(List<LogSequence> drawn, List<LogSequence> labeled, String format,
                                  Map<String, Object> grouping, TrainingSettings settings, long lines, Path bundleDir,
                                  Consumer<String> progress, LazyEncoder encoders) throws IOException {
        LlmTraining.Options llmOptions = settings.llm.withSeed(settings.seed);
        Double fallback = FallbackSelection.fixed(settings.fallback);
        Manifest manifest = new Manifest();
        Trained trained = null;
        LlmSelection.Chosen keptLlm = null;
        VoteChooser.Choice choice = null;
        List<ValidationSplit> folds = crossFitting(drawn, settings);
        if (!folds.isEmpty()) {
            FallbackSelection.Chosen fb = crossFitted(folds, settings, encoders, progress);
            choice = fb.vote();
            fallback = fb.threshold();
            manifest.validation = crossFittedFacts(folds, settings);
            manifest.validation.put("fallback", fb.facts());
            manifest.validation.put("refit", true);
        } else if (settings.validation > 0) {
            ValidationSplit split = ValidationSplit.of(drawn, settings.validation, settings.seed, settings.validationGroups);
            if (split.usable()) {
                Path work = Files.createTempDirectory("logsieve-validation");
                try {
                    progress.accept(String.format("validation: holding out %s: %,d sequences (%,d anomalous); fitting on %,d",
                            split.describe(), split.held().size(), split.anomalous(), split.fit().size()));
                    Map<String, Object> facts = split.facts();
                    List<LogSequence> asIs = Prefixes.expand(split.held(), settings.prefixes, settings.prefixGap.toMillis());
                    int prefixes = asIs.size() - split.held().size();
                    List<LogSequence> judged = choiceSet(asIs, split, settings, reworded -> {
                        progress.accept("validation: its normal sequences are judged again with " + Perturbation.describe(reworded));
                        facts.put("reworded", reworded);
                    });
                    if (prefixes > 0) {
                        progress.accept(String.format("validation: %,d prefixes of its sequences are judged too, as a stream "
                                + "judges a session after each quiet spell of %s (--prefixes %s)", prefixes, settings.prefixGap,
                                settings.prefixes.name().toLowerCase()));
                    }
                    facts.put("judged_sequences", judged.size());
                    facts.put("judged_prefixes", prefixes);
                    Trained fitted = trainFeatureMembers(split.fit(), settings, progress);
                    LlmSelection.Chosen llm = null;
                    if (settings.members.contains(LlmMember.NAME)) {
                        llm = LlmSelection.choose(fitted.unsampled, judged, llmOptions,
                                settings.llmAugmentGiven, settings.llmThresholdGiven, work, progress);
                        llmOptions = llm.options();
                        fitted = fitted.with(llm.member(), llm.training());
                        facts.put("llm", llm.facts());
                    }
                    float[] llmScores = llm == null ? null : llm.held();
                    FallbackSelection.Chosen fb = FallbackSelection.choose(fitted.ensemble, judged, labels(judged),
                            settings.vote, settings.fallback, encoders, e -> heldScores(e, judged, llmScores), progress);
                    choice = fb.vote();
                    fallback = fb.threshold();
                    facts.put("fallback", fb.facts());
                    facts.put("refit", settings.refit);
                    boolean retrainLlm = settings.refit && settings.llmRefit;
                    if (llm != null) {
                        facts.put("llm_refit", retrainLlm);
                    }
                    manifest.validation = facts;
                    if (!settings.refit) {
                        trained = fitted;
                    }
                    if (llm != null && !retrainLlm) {
                        copyTree(llm.dir(), bundleDir); // the member validation judged is the bundle's
                        keptLlm = llm;
                    }
                } finally {
                    deleteTree(work);
                }
            } else {
                progress.accept(String.format("validation: %s holds %,d anomalous of %,d sequences: nothing to choose on; "
                        + "the members vote by %s", split.describe(), split.anomalous(), split.held().size(), fixedRule(settings.vote)));
            }
        }
        if (trained == null || settings.refit) {
            trained = trainFeatureMembers(drawn, settings, progress);
            if (keptLlm != null) {
                trained = trained.with(keptLlm.member(), keptLlm.training());
            } else if (settings.members.contains(LlmMember.NAME)) {
                // the classifier trainer oversamples to beta itself, per epoch
                LlmTraining.Result llm = LlmTraining.train(trained.unsampled, llmOptions, bundleDir, progress);
                trained = trained.with(llm.member(), llm.facts());
            }
        }
        VoteRule rule = choice != null ? choice.rule() : fixedRule(settings.vote);
        Ensemble ensemble = trained.ensemble.withRule(rule);
        if (choice != null) {
            manifest.vote = choice.describe();
        } else {
            manifest.vote = new LinkedHashMap<>(rule.describe());
            manifest.vote.put("reason", settings.validation > 0 ? "no usable validation part" : "no validation part (--validation 0)");
        }

        long anomalous = labeled.stream().filter(s -> s.label == Labels.ANOMALOUS).count();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("lines", lines);
        counts.put("sequences", (long) labeled.size());
        counts.put("anomalous", anomalous);
        counts.put("normal", labeled.size() - anomalous);
        counts.put("prefixes", (long) (trained.unsampled.size() - trained.whole));
        counts.put("training_rows", (long) trained.rows);
        manifest.createdAt = java.time.Instant.now().toString();
        manifest.format = format;
        manifest.grouping.putAll(grouping);
        manifest.grouping.put("sampling.limited-normal-fraction", String.valueOf(settings.limitedNormalFraction));
        manifest.grouping.put("sampling.beta", settings.beta);
        manifest.grouping.put("training.prefixes", settings.prefixes.name().toLowerCase());
        manifest.grouping.put("training.prefix-gap", settings.prefixGap.toString());
        manifest.trainingDataSha256 = fingerprint(labeled);
        manifest.counts.putAll(counts);
        manifest.llm = trained.llmFacts;
        deleteTree(bundleDir.resolve(FallbackFiles.FOLDER)); // an earlier bundle's, if the directory held one
        if (ensemble.members().stream().noneMatch(m -> m instanceof LlmMember l && l.contextK() > 0)) {
            // an earlier bundle's knowledge file would be checksummed as this one's and offer --context a member without it
            java.nio.file.Files.deleteIfExists(bundleDir.resolve(dev.logsieve.llm.LlmFiles.KNOWLEDGE));
        }
        if (fallback != null) {
            FallbackEncoder encoder = encoders.get();
            encoder.write(bundleDir, encoder.fallback(ensemble.featureExtractor().vocabulary(), fallback));
            manifest.fallback = new LinkedHashMap<>();
            manifest.fallback.put("threshold", fallback);
            manifest.fallback.put("encoder", dev.logsieve.llm.train.MiniLmEncoder.quantizedArtifact());
            manifest.fallback.put("reason", manifest.validation != null && manifest.validation.containsKey("fallback")
                    ? ((Map<?, ?>) manifest.validation.get("fallback")).get("reason") : "asked for with --fallback " + fallback);
            progress.accept(String.format(java.util.Locale.ROOT, "semantic fallback: a new template counts as its nearest "
                    + "known one at cosine similarity >= %.2f", fallback));
        }
        ModelBundle.write(bundleDir, ensemble, manifest);
        // Prefixes were trained on too: a test sequence equal to one was seen in training.
        long[] seqIds = new long[trained.unsampled.size()];
        for (int i = 0; i < seqIds.length; i++) {
            seqIds[i] = SequenceIds.of(trained.unsampled.get(i).templateIds);
        }
        TrainingSequences.write(bundleDir, seqIds);
        // What each template was in training: the evidence of anomalous verdicts reads it.
        TemplateStats.of(labeled).write(bundleDir);
        if (choice != null) {
            progress.accept("validation scores (" + manifest.validation.get("description")
                    + (manifest.validation.containsKey("reworded") ? ", and its normal sequences again with "
                            + Math.round(settings.validationReword * 100) + "% of their templates reworded" : "") + "):");
            choice.table().forEach(line -> progress.accept("  " + line));
            if (manifest.validation.get("fallback") instanceof Map<?, ?> f && f.get("candidates") instanceof Map<?, ?> c) {
                StringBuilder byThreshold = new StringBuilder();
                c.forEach((t, one) -> byThreshold.append(byThreshold.length() == 0 ? "" : ", ").append(t).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.4f", ((Map<?, ?>) one).get("f1"))));
                progress.accept("  semantic fallback: " + f.get("chosen") + " (" + f.get("reason") + "); F1 by threshold: "
                        + byThreshold);
            }
            if (manifest.validation.get("llm") instanceof Map<?, ?> llm && llm.containsKey("reason")) {
                progress.accept(String.format(java.util.Locale.ROOT, "  LLM member: %s augmentation, threshold %.2f (%s)",
                        llm.get("augmentation"), ((Number) llm.get("threshold")).doubleValue(), llm.get("reason")));
            }
            if (!settings.refit) {
                progress.accept("not refitted (--no-refit): the members are the ones fitted without the validation part");
            } else if (keptLlm != null) {
                progress.accept("refitted on all the training sequences: dt, knn and mlp; the LLM member is the one validation "
                        + "judged, fitted without the validation part (--llm-refit trains it again)");
            }
        }
        return ensemble;
    }

    /**
     * What the choices are made on: the held-out part as it is and the prefixes of it that a stream
     * judges ({@code asIs}: {@link Prefixes}, with training's policy and gap), plus its normal sequences again with
     * a share of their templates reworded ({@link Perturbation} {@code template:R}, R = {@link
     * TrainingSettings#validationReword}), as a software upgrade rewords log statements; they stay
     * normal. What an upgrade must not do is turn normal logs into alerts, so a member or rule that
     * alerts on new wording scores lower here. (Rewording anomalous sequences too would reward it: a
     * detector of novelty flags a reworded failure.) It does not see every kind of drift: on BGL the
     * LLM member trained without augmentation scores a little higher here (F1 0.827 against 0.817 with
     * the augmentations) and then flags most of the later period's new messages, which is why
     * {@link LlmSelection} keeps the augmented member unless validation shows it clearly worse
     * (BENCHMARKS.md). Without message texts, or with R = 0, {@code asIs} alone.
     *
     * <p>The prefixes are there because a stream raises an alert on the first judgement that flags a
     * session, and whole sequences do not show that: in the demo's logs the LLM member scored a
     * four-line prefix of most normal blocks 0.87-0.95 (a few abandoned blocks stop there), and the
     * vote chosen on whole blocks let it raise an alert on 80 % of the normal blocks, withdrawn later.
     */
    private static List<LogSequence> choiceSet(List<LogSequence> asIs, ValidationSplit split, TrainingSettings settings,
                                               Consumer<Map<String, Object>> reworded) {
        List<LogSequence> normal = split.held().stream().filter(s -> s.label == Labels.NORMAL).toList();
        if (settings.validationReword <= 0 || normal.isEmpty()) {
            return asIs;
        }
        Perturbation.Result r;
        try {
            r = new Perturbation(Perturbation.Kind.TEMPLATE, settings.validationReword).apply(normal, settings.seed ^ 0x7a11);
        } catch (IllegalArgumentException e) {
            return asIs; // sequences without their messages: nothing to reword
        }
        r.facts().forEach(reworded);
        List<LogSequence> both = new ArrayList<>(asIs);
        both.addAll(r.sequences());
        return both;
    }

    /**
     * The rule for {@code --vote} when nothing could be fitted: majority for auto.
     *
     * @throws IllegalArgumentException for a rule that needs a validation part
     */
    static VoteRule fixedRule(String vote) {
        return switch (vote) {
            case "auto", "majority" -> VoteRule.majority();
            case "average" -> VoteRule.average(0.5);
            default -> throw new IllegalArgumentException("--vote " + vote
                    + " is fitted on a validation part, and there is none to fit it on (--validation 0, or the held-out "
                    + "part holds one class only)");
        };
    }

    /** Members trained on one part of the data, and what they were trained on. */
    private record Trained(Ensemble ensemble, List<LogSequence> unsampled, int whole, int rows, Map<String, Object> llmFacts) {
        Trained with(Member member, Map<String, Object> facts) {
            return new Trained(ensemble.with(member), unsampled, whole, rows, facts);
        }
    }

    /**
     * The folds to choose on by cross-fitting ({@link ValidationSplit#folds}), or none for one
     * validation split. Cross-fitting needs groups to keep whole (evaluate-adfa's attack families),
     * a refit (its members are thrown away), and no LLM member, whose training is too slow to repeat
     * for every fold.
     */
    private static List<ValidationSplit> crossFitting(List<LogSequence> drawn, TrainingSettings settings) {
        if (settings.validation <= 0 || settings.validationGroups == null || !settings.refit
                || settings.members.contains(LlmMember.NAME)) {
            return List.of();
        }
        List<ValidationSplit> folds = ValidationSplit.folds(drawn, settings.validation, settings.seed, settings.validationGroups);
        return folds.stream().allMatch(ValidationSplit::usable) ? folds : List.of();
    }

    /**
     * The vote rule and the fallback threshold chosen on every fold's held-out sequences, each judged
     * by the members fitted on the other folds. With one validation split, the members the rule is
     * chosen for were fitted on fewer groups than the refitted ones that use it, and on ADFA-LD the
     * vote chosen that way scored below KNN alone, which gains most from more attack families
     * (BENCHMARKS.md).
     */
    private static FallbackSelection.Chosen crossFitted(List<ValidationSplit> folds, TrainingSettings settings,
                                                        LazyEncoder encoders, Consumer<String> progress) {
        List<FallbackSelection.Fold> fitted = new ArrayList<>();
        for (int k = 0; k < folds.size(); k++) {
            ValidationSplit split = folds.get(k);
            progress.accept(String.format("validation: fold %d of %d: holding out %,d sequences (%,d anomalous); fitting on %,d",
                    k + 1, folds.size(), split.held().size(), split.anomalous(), split.fit().size()));
            List<LogSequence> judged = choiceSet(Prefixes.expand(split.held(), settings.prefixes, settings.prefixGap.toMillis()),
                    split, settings, reworded -> { });
            fitted.add(new FallbackSelection.Fold(trainFeatureMembers(split.fit(), settings, progress).ensemble, judged,
                    labels(judged)));
        }
        return FallbackSelection.choose(fitted, settings.vote, settings.fallback, encoders,
                (e, k) -> heldScores(e, fitted.get(k).judged(), null), progress);
    }

    /** What the manifest records of cross-fitting. */
    private static Map<String, Object> crossFittedFacts(List<ValidationSplit> folds, TrainingSettings settings) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("split", "cross-fitted");
        f.put("whole_groups", settings.validationGroups.description());
        f.put("folds", folds.size());
        f.put("description", String.format("%d folds of the training sequences, whole %s together; each held out once "
                + "and judged by the members fitted on the others", folds.size(), settings.validationGroups.description()));
        f.put("held_out_sequences", folds.stream().mapToInt(v -> v.held().size()).sum());
        f.put("held_out_anomalous", folds.stream().mapToLong(ValidationSplit::anomalous).sum());
        return f;
    }

    /** The feature members (dt, knn, mlp) trained on {@code part}, with its prefixes and oversampling. */
    private static Trained trainFeatureMembers(List<LogSequence> part, TrainingSettings settings, Consumer<String> progress) {
        int whole = part.size();
        List<LogSequence> expanded = Prefixes.expand(part, settings.prefixes, settings.prefixGap.toMillis());
        if (expanded.size() > whole) {
            progress.accept(String.format("%,d prefixes (%s, cut at gaps over %s) join %,d sequences", expanded.size() - whole,
                    settings.prefixes.name().toLowerCase(), settings.prefixGap, whole));
        }
        List<LogSequence> rows = settings.beta > 0 ? Sampling.oversample(expanded, settings.beta, settings.seed) : expanded;
        MemberSettings memberSettings = new MemberSettings();
        memberSettings.seed = settings.seed;
        List<String> featureMembers = new ArrayList<>(settings.members);
        featureMembers.retainAll(EnsembleTrainer.MEMBERS);
        Ensemble ensemble = new EnsembleTrainer(memberSettings, progress).train(rows, featureMembers);
        return new Trained(ensemble, expanded, whole, rows.size(), null);
    }

    /** Every member's score for each held-out sequence; the LLM member's from {@code llmHeld} when given. */
    private static double[][] heldScores(Ensemble ensemble, List<LogSequence> held, float[] llmHeld) {
        double[][] scores = new double[held.size()][];
        for (int i = 0; i < scores.length; i++) {
            LogSequence s = held.get(i);
            scores[i] = ensemble.judge(s.templateIds, s.messages, llmHeld == null ? Float.NaN : llmHeld[i]).scores();
        }
        return scores;
    }

    private static int[] labels(List<LogSequence> sequences) {
        int[] labels = new int[sequences.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = sequences.get(i).label == Labels.ANOMALOUS ? Member.ANOMALOUS : Member.NORMAL;
        }
        return labels;
    }

    /** Copies the files under {@code from} into {@code to}, replacing files of the same names. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** SHA-256 over the training sequences' keys, template ids and labels, in order. */
    static String fingerprint(List<LogSequence> sequences) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(8);
            for (LogSequence s : sequences) {
                md.update(s.key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (long id : s.templateIds) {
                    buf.clear();
                    md.update(buf.putLong(id).array());
                }
                md.update((byte) s.label);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fallback's encoder, opened when first needed (most trainings never need it) and closed once. */
    private static final class LazyEncoder implements java.util.function.Supplier<FallbackEncoder>, java.io.Closeable {
        private FallbackEncoder encoder;

        @Override
        public FallbackEncoder get() {
            if (encoder == null) {
                try {
                    encoder = FallbackEncoder.open();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return encoder;
        }

        @Override
        public void close() throws IOException {
            if (encoder != null) {
                encoder.close();
            }
        }
    }
}
