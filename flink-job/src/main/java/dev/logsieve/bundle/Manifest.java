package dev.logsieve.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.logsieve.ensemble.MemberSettings;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code manifest.json} of a model bundle: what the models are, what data and settings made them,
 * and with which versions. A plain Jackson-mapped class: public fields, no-argument constructor.
 * The caller fills the data fields (format, grouping, fingerprint, counts); {@link ModelBundle#write}
 * fills the rest (format version, members, settings, vocabulary size, versions, file checksums)
 * where the caller left them empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Manifest {
    /** The bundle layout version; a reader refuses any other. */
    public int formatVersion = ModelBundle.FORMAT_VERSION;
    /** Always {@link ModelBundle#KIND}: tells a bundle manifest from any other JSON file. */
    public String kind = ModelBundle.KIND;
    /** ISO-8601 instant of training. */
    public String createdAt;
    public String logsieveVersion;
    /** The log format the models were trained on: hdfs, bgl, thunderbird, custom, sequences. */
    public String format;
    /** How lines were grouped into sequences (session regex, window size and step, gap, ...). */
    public Map<String, Object> grouping = new LinkedHashMap<>();
    /** SHA-256 (hex) of the training data, as computed by the caller. */
    public String trainingDataSha256;
    /** sequences, anomalous, normal, lines, ... */
    public Map<String, Long> counts = new LinkedHashMap<>();
    /** Member names in voting order; each has a file {@code <name>.ser}. */
    public List<String> members = new ArrayList<>();
    public MemberSettings memberSettings;
    /** smile, flink, java. */
    public Map<String, String> versions = new LinkedHashMap<>();
    public int vocabularySize;
    /** The LLM member's training facts (encoder, sizes, seconds per stage), when it was trained. */
    public Map<String, Object> llm;
    /**
     * How the members vote ({@code dev.logsieve.ensemble.VoteRule#describe()}: rule, threshold,
     * weights) and, from training, why that rule and how every member and rule scored on the
     * validation part; null in bundles from before vote rules (they vote by majority).
     */
    public Map<String, Object> vote;
    /** How the validation part was held out and what was chosen on it; null when none was. */
    public Map<String, Object> validation;
    /**
     * The semantic fallback for templates training never saw ({@link FallbackFiles}): its threshold,
     * the encoder and, from training, why; null when the bundle has none.
     */
    public Map<String, Object> fallback;
    /** SHA-256 (hex) of every other file of the bundle, by file name; checked when read. */
    public Map<String, String> files = new LinkedHashMap<>();

    public Manifest() {}

    /** The versions of Smile, Flink, Java and Logsieve on the class path now. */
    public static Map<String, String> currentVersions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("smile", version("smile.classification.DecisionTree", "com.github.haifengl", "smile-core"));
        v.put("flink", version("org.apache.flink.api.common.JobID", "org.apache.flink", "flink-core"));
        v.put("java", System.getProperty("java.version", "unknown"));
        return v;
    }

    /** Logsieve's own version when it runs from a built jar, else "unknown". */
    public static String logsieveVersion() {
        return version(Manifest.class.getName(), "dev.logsieve", "logsieve-flink-job");
    }

    /**
     * The version of the jar that holds a class: its manifest's Implementation-Version, else the
     * Maven pom.properties inside it, else "unknown".
     */
    static String version(String className, String groupId, String artifactId) {
        try {
            Class<?> c = Class.forName(className, false, Manifest.class.getClassLoader());
            Package p = c.getPackage();
            if (p != null && p.getImplementationVersion() != null) {
                return p.getImplementationVersion();
            }
            String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
            try (InputStream in = c.getResourceAsStream(resource)) {
                if (in != null) {
                    Properties props = new Properties();
                    props.load(in);
                    String version = props.getProperty("version");
                    if (version != null) {
                        return version;
                    }
                }
            }
        } catch (ClassNotFoundException | IOException | LinkageError e) {
            // not on the class path, or unreadable: unknown
        }
        return "unknown";
    }
}
