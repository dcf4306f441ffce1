package dev.logsieve.job;

import dev.logsieve.bundle.BundleException;
import dev.logsieve.bundle.BundleOptions;
import dev.logsieve.bundle.ModelBundle;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.io.Locations;
import dev.logsieve.llm.LlmMember;
import dev.logsieve.mask.TemplateIds;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;

/**
 * What the pipeline needs to know about the model bundle while it is laid out: which members vote,
 * whether the LLM member is among them, and what the members read. The bundle is read once, here, in
 * the client: a bundle that cannot be read stops the job with a message naming the file, before
 * anything runs. The operators read the model files themselves when they open.
 */
public final class Models implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final List<String> selected;
    private final boolean llmVotes;
    private final Vocabulary unseenOnly;

    private Models(String path, List<String> selected, boolean llmVotes, Vocabulary unseenOnly) {
        this.path = path;
        this.selected = new ArrayList<>(selected);
        this.llmVotes = llmVotes;
        this.unseenOnly = unseenOnly;
    }

    /**
     * Reads the bundle at {@code bundle} with the members {@link BundleOptions#MEMBERS} selects.
     *
     * @throws IllegalArgumentException when the bundle cannot be read or lacks a selected member
     */
    public static Models open(Path bundle, ReadableConfig conf) {
        return open(bundle.toAbsolutePath().toString(), conf);
    }

    /**
     * The same for a bundle at a local path or a URI of any file system Flink has; the operators
     * read it from there ({@link Locations#local}).
     */
    public static Models open(String bundle, ReadableConfig conf) {
        List<String> selected = conf.get(BundleOptions.MEMBERS);
        Ensemble ensemble;
        try {
            ensemble = ModelBundle.read(Locations.local(bundle)).ensemble().select(selected);
        } catch (BundleException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the model bundle " + bundle + ": " + e.getMessage(), e);
        }
        return new Models(bundle, selected, ensemble.has(LlmMember.NAME), textless(ensemble));
    }

    /**
     * The templates whose lines need not carry their message, or null when every line must.
     * Members that read no text still get the text of lines whose template training never saw: an
     * anomalous verdict's evidence shows it (there are few such lines). The LLM member reads every
     * message, but a template's id is made from its text, so it gets a known template's text back
     * from the vocabulary ({@link Vocabulary#fill}); only templates whose text the bundle holds
     * exactly count as known for it. Most lines then cross the shuffles as ids alone.
     */
    static Vocabulary textless(Ensemble ensemble) {
        Vocabulary vocabulary = ensemble.featureExtractor().vocabulary();
        if (ensemble.readsMessagesOfUnseenOnly() || !ensemble.needsMessages()) {
            return vocabulary;
        }
        boolean onlyTheLlmReadsEveryMessage = ensemble.members().stream()
                .allMatch(m -> !m.readsMessages() || m instanceof LlmMember);
        return onlyTheLlmReadsEveryMessage ? vocabulary.withTexts(TemplateIds::of) : null;
    }

    /** The bundle every operator reads: a local path or a file system URI. */
    public String path() {
        return path;
    }

    /** The members that vote; empty for all of the bundle's. */
    public List<String> selected() {
        return selected;
    }

    /** True when the LLM member votes: the pipeline then has the LLM scoring stage. */
    public boolean llmVotes() {
        return llmVotes;
    }

    /**
     * The templates whose lines need not carry their message ({@link #textless}): the training
     * vocabulary, or with the LLM member voting the part of it whose texts the bundle holds exactly;
     * null when every line must carry its message.
     */
    public Vocabulary messagesOfUnseenOnly() {
        return unseenOnly;
    }
}
