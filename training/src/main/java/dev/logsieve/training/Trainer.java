package dev.logsieve.training;

import dev.logsieve.bundle.Manifest;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.bundle.TrainingSequences;
import dev.logsieve.cache.SequenceIds;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.MemberSettings;
import dev.logsieve.ensemble.train.EnsembleTrainer;
import dev.logsieve.event.Labels;
import dev.logsieve.event.LogSequence;
import dev.logsieve.llm.LlmMember;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Trains the ensemble on labeled sequences and writes the model bundle. */
public final class Trainer {
    private Trainer() {}

    /**
     * @param grouping how the sequences were formed, recorded in the manifest
     * @return the trained ensemble (also written to {@code bundleDir})
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
        int whole = drawn.size();
        drawn = Prefixes.expand(drawn, settings.prefixes, settings.prefixGap.toMillis());
        if (drawn.size() > whole) {
            progress.accept(String.format("%,d prefixes (%s, cut at gaps over %s) join %,d sequences", drawn.size() - whole,
                    settings.prefixes.name().toLowerCase(), settings.prefixGap, whole));
        }
        List<LogSequence> unsampled = drawn;
        if (settings.beta > 0) {
            drawn = Sampling.oversample(drawn, settings.beta, settings.seed);
        }
        MemberSettings memberSettings = new MemberSettings();
        memberSettings.seed = settings.seed;
        List<String> featureMembers = new ArrayList<>(settings.members);
        featureMembers.retainAll(EnsembleTrainer.MEMBERS);
        Ensemble ensemble = new EnsembleTrainer(memberSettings, progress).train(drawn, featureMembers);
        Map<String, Object> llmFacts = null;
        if (settings.members.contains(LlmMember.NAME)) {
            // the classifier trainer oversamples to beta itself, per epoch
            LlmTraining.Result llm = LlmTraining.train(unsampled, settings.llm.withSeed(settings.seed), bundleDir, progress);
            ensemble = ensemble.with(llm.member());
            llmFacts = llm.facts();
        }

        long anomalous = labeled.stream().filter(s -> s.label == Labels.ANOMALOUS).count();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("lines", lines);
        counts.put("sequences", (long) labeled.size());
        counts.put("anomalous", anomalous);
        counts.put("normal", labeled.size() - anomalous);
        counts.put("prefixes", (long) (unsampled.size() - whole));
        counts.put("training_rows", (long) drawn.size());
        Manifest manifest = new Manifest();
        manifest.createdAt = java.time.Instant.now().toString();
        manifest.format = format;
        manifest.grouping.putAll(grouping);
        manifest.grouping.put("sampling.limited-normal-fraction", String.valueOf(settings.limitedNormalFraction));
        manifest.grouping.put("sampling.beta", settings.beta);
        manifest.grouping.put("training.prefixes", settings.prefixes.name().toLowerCase());
        manifest.grouping.put("training.prefix-gap", settings.prefixGap.toString());
        manifest.trainingDataSha256 = fingerprint(labeled);
        manifest.counts.putAll(counts);
        manifest.llm = llmFacts;
        ModelBundle.write(bundleDir, ensemble, manifest);
        // Prefixes were trained on too: a test sequence equal to one was seen in training.
        long[] seqIds = new long[unsampled.size()];
        for (int i = 0; i < seqIds.length; i++) {
            seqIds[i] = SequenceIds.of(unsampled.get(i).templateIds);
        }
        TrainingSequences.write(bundleDir, seqIds);
        return ensemble;
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
}
