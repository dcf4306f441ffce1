package dev.logsieve.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logsieve.ensemble.Ensemble;
import dev.logsieve.ensemble.Member;
import dev.logsieve.ensemble.MemberSettings;
import dev.logsieve.ensemble.VoteRule;
import dev.logsieve.features.FeatureExtractor;
import dev.logsieve.features.Vocabulary;
import dev.logsieve.features.WordVocabulary;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A model bundle: one directory holding
 * <ul>
 *   <li>{@code manifest.json} — the {@link Manifest} (versions, data fingerprint, settings, members,
 *       SHA-256 of every other file);</li>
 *   <li>{@code vocabulary.json} — {@code {"featureScaling": "LOG1P", "size": n, "templates": {"<16 hex
 *       digits>": {"index": i, "text": "..."}, ...}}}, the training vocabulary in column order; with
 *       the scaling it is the whole feature extractor; when the features have a word block, also
 *       {@code "words": ["word", ...]}, the word columns in order (each template's words are its
 *       text's, see {@link dev.logsieve.features.WordVocabulary});</li>
 *   <li>{@code <member>.ser} per member ({@code dt.ser}, {@code knn.ser}, {@code mlp.ser}) — the
 *       trained member in Java serialization (Smile models are Serializable);</li>
 *   <li>with the LLM member, its model files: the Triton model repository under {@code triton/}
 *       and the tokenizer and classifier under {@code llm/} (see {@link dev.logsieve.llm.LlmFiles}).</li>
 * </ul>
 * Reading checks the format version, the presence and checksum of every file, and deserializes
 * members through a class filter that admits only Logsieve, Smile and JDK classes. Every failure is
 * a {@link BundleException} whose message names the file.
 */
public final class ModelBundle {
    /** The layout written by this class; {@link #read} accepts this version only. */
    public static final int FORMAT_VERSION = 1;
    public static final String KIND = "logsieve-model-bundle";
    public static final String MANIFEST = "manifest.json";
    public static final String VOCABULARY = "vocabulary.json";
    public static final String MEMBER_SUFFIX = ".ser";

    /** Folders of model files (the LLM member's) that are checksummed with the bundle. */
    private static final List<String> MODEL_FOLDERS = List.of(dev.logsieve.llm.LlmFiles.REPOSITORY, "llm", FallbackFiles.FOLDER);
    private static final Pattern MEMBER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectInputFilter CLASSES = ObjectInputFilter.Config.createFilter(
            "maxdepth=200;dev.logsieve.**;smile.**;java.**;!*");

    private ModelBundle() {}

    /**
     * Writes the ensemble into {@code dir} (created if needed; files of the same names are replaced).
     * Fills in {@code manifest}: format version and kind, members, member settings, vocabulary size,
     * file checksums, and createdAt, logsieveVersion and versions when the caller left them empty.
     */
    public static void write(Path dir, Ensemble ensemble, Manifest manifest) throws IOException {
        Files.createDirectories(dir);
        FeatureExtractor extractor = ensemble.featureExtractor();
        Vocabulary vocabulary = extractor.vocabulary();

        manifest.formatVersion = FORMAT_VERSION;
        manifest.kind = KIND;
        if (manifest.createdAt == null) {
            manifest.createdAt = Instant.now().toString();
        }
        if (manifest.logsieveVersion == null) {
            manifest.logsieveVersion = Manifest.logsieveVersion();
        }
        if (manifest.versions == null || manifest.versions.isEmpty()) {
            manifest.versions = Manifest.currentVersions();
        }
        if (manifest.memberSettings == null) {
            manifest.memberSettings = ensemble.settings();
        }
        manifest.members = new ArrayList<>(List.of(ensemble.memberNames()));
        Map<String, Object> vote = new java.util.LinkedHashMap<>(ensemble.rule().describe());
        if (manifest.vote != null) { // keep what training said of the choice
            manifest.vote.forEach(vote::putIfAbsent);
        }
        manifest.vote = vote;
        manifest.vocabularySize = vocabulary.size();
        manifest.files = new java.util.LinkedHashMap<>();

        ObjectNode vocab = JSON.createObjectNode();
        vocab.put("featureScaling", extractor.scaling().name());
        vocab.put("size", vocabulary.size());
        ObjectNode templates = vocab.putObject("templates");
        for (int i = 0; i < vocabulary.size(); i++) {
            ObjectNode t = templates.putObject(Vocabulary.hex(vocabulary.id(i)));
            t.put("index", i);
            t.put("text", vocabulary.text(i));
        }
        if (extractor.usesWords()) {
            com.fasterxml.jackson.databind.node.ArrayNode words = vocab.putArray("words");
            for (String w : extractor.words().words()) {
                words.add(w);
            }
        }
        Path vocabFile = dir.resolve(VOCABULARY);
        JSON.writeValue(vocabFile.toFile(), vocab);
        manifest.files.put(VOCABULARY, sha256(vocabFile));

        for (Member member : ensemble.members()) {
            String name = member.name();
            if (!MEMBER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("member name '" + name + "' cannot be a file name");
            }
            String file = name + MEMBER_SUFFIX;
            Path path = dir.resolve(file);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path));
                 ObjectOutputStream oos = new ObjectOutputStream(out)) {
                oos.writeObject(member);
            } catch (java.io.NotSerializableException e) {
                throw new BundleException("cannot write " + file + ": member '" + name + "' holds a "
                        + e.getMessage() + ", which is not serializable", e);
            }
            manifest.files.put(file, sha256(path));
        }
        for (String folder : MODEL_FOLDERS) {
            Path root = dir.resolve(folder);
            if (Files.isDirectory(root)) {
                try (java.util.stream.Stream<Path> files = Files.walk(root)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        manifest.files.put(dir.relativize(f).toString().replace('\\', '/'), sha256(f));
                    }
                }
            }
        }
        JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
    }

    /** Reads a bundle written by {@link #write}. */
    public static LoadedBundle read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new BundleException("model bundle " + dir + " is not a directory");
        }
        Manifest manifest = readManifest(dir);

        Path vocabFile = existing(dir, VOCABULARY);
        verify(dir, manifest, VOCABULARY, vocabFile);
        FeatureExtractor extractor = readVocabulary(dir, vocabFile);
        if (extractor.vocabulary().size() != manifest.vocabularySize) {
            throw new BundleException("model bundle " + dir + ": " + VOCABULARY + " holds " + extractor.vocabulary().size()
                    + " templates, " + MANIFEST + " says " + manifest.vocabularySize);
        }

        if (manifest.members == null || manifest.members.isEmpty()) {
            throw new BundleException("model bundle " + dir + ": " + MANIFEST + " lists no members");
        }
        List<Member> members = new ArrayList<>();
        for (String name : manifest.members) {
            if (name == null || !MEMBER_NAME.matcher(name).matches()) {
                throw new BundleException("model bundle " + dir + ": " + MANIFEST + " names an invalid member '" + name + "'");
            }
            String file = name + MEMBER_SUFFIX;
            Path path = existing(dir, file);
            verify(dir, manifest, file, path);
            Object o;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(path));
                 ObjectInputStream ois = new ObjectInputStream(in)) {
                ois.setObjectInputFilter(CLASSES);
                o = ois.readObject();
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                throw new BundleException("model bundle " + dir + ": cannot read " + file + " (corrupt, or written by an"
                        + " incompatible version): " + e, e);
            }
            if (!(o instanceof Member)) {
                throw new BundleException("model bundle " + dir + ": " + file + " holds a " + o.getClass().getName()
                        + ", not an ensemble member");
            }
            Member member = (Member) o;
            if (!name.equals(member.name())) {
                throw new BundleException("model bundle " + dir + ": " + file + " holds member '" + member.name()
                        + "', expected '" + name + "'");
            }
            members.add(member);
        }
        MemberSettings settings = manifest.memberSettings;
        VoteRule rule;
        try {
            rule = VoteRule.of(manifest.vote);
        } catch (IllegalArgumentException e) {
            throw new BundleException("model bundle " + dir + ": " + MANIFEST + " has a bad vote rule: " + e.getMessage(), e);
        }
        return new LoadedBundle(new Ensemble(extractor, members, settings, rule), manifest);
    }

    /**
     * Checks the model files of the LLM member ({@code triton/}, {@code llm/}) and of the semantic
     * fallback ({@code fallback/}) against the manifest's checksums. {@link #read} does not (it
     * reads only what the feature members need), so whatever opens the models calls this first.
     */
    public static void verifyModelFiles(Path dir) throws IOException {
        verifyModelFiles(dir, MODEL_FOLDERS);
    }

    /** The same for the model files under some of the folders only (e.g. {@link FallbackFiles#FOLDER}). */
    public static void verifyModelFiles(Path dir, List<String> folders) throws IOException {
        Manifest manifest = readManifest(dir);
        for (String file : manifest.files.keySet()) {
            if (folders.stream().anyMatch(f -> file.startsWith(f + "/"))) {
                if (file.contains("..")) {
                    throw new BundleException("model bundle " + dir + ": " + MANIFEST + " names a file outside the bundle: " + file);
                }
                verify(dir, manifest, file, existing(dir, file));
            }
        }
    }

    /** The manifest of a bundle alone, checked for kind and version (cheap: no model is read). */
    public static Manifest readManifest(Path dir) throws IOException {
        Path path = existing(dir, MANIFEST);
        JsonNode tree;
        try {
            tree = JSON.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            throw new BundleException("model bundle " + dir + ": " + MANIFEST + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject() || !KIND.equals(tree.path("kind").asText(null))) {
            throw new BundleException("model bundle " + dir + ": " + MANIFEST + " is not a Logsieve model bundle manifest"
                    + " (no \"kind\": \"" + KIND + "\")");
        }
        int version = tree.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new BundleException("model bundle " + dir + ": " + MANIFEST + " has formatVersion " + version
                    + ", this Logsieve reads formatVersion " + FORMAT_VERSION + " only; retrain the models or use the"
                    + " Logsieve version that wrote them");
        }
        try {
            return JSON.treeToValue(tree, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new BundleException("model bundle " + dir + ": " + MANIFEST + " has an invalid field: " + e.getOriginalMessage(), e);
        }
    }

    private static FeatureExtractor readVocabulary(Path dir, Path path) throws IOException {
        try {
            JsonNode tree = JSON.readTree(path.toFile());
            FeatureExtractor.Scaling scaling = FeatureExtractor.Scaling.parse(tree.path("featureScaling").asText("LOG1P"));
            JsonNode templates = tree.path("templates");
            int size = tree.path("size").asInt(templates.size());
            if (!templates.isObject() || templates.size() != size) {
                throw new BundleException("model bundle " + dir + ": " + VOCABULARY + " has " + templates.size()
                        + " templates but size " + size);
            }
            long[] ids = new long[size];
            String[] texts = new String[size];
            boolean[] filled = new boolean[size];
            Iterator<Map.Entry<String, JsonNode>> it = templates.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                int index = e.getValue().path("index").asInt(-1);
                if (index < 0 || index >= size || filled[index]) {
                    throw new BundleException("model bundle " + dir + ": " + VOCABULARY + ": template " + e.getKey()
                            + " has a missing, out-of-range or repeated index " + index);
                }
                ids[index] = Vocabulary.parseHex(e.getKey());
                JsonNode text = e.getValue().get("text");
                texts[index] = text == null || text.isNull() ? null : text.asText();
                filled[index] = true;
            }
            Vocabulary vocabulary = Vocabulary.of(ids, texts);
            JsonNode wordsNode = tree.get("words");
            WordVocabulary words = null;
            if (wordsNode != null && !wordsNode.isNull()) {
                if (!wordsNode.isArray()) {
                    throw new BundleException("model bundle " + dir + ": " + VOCABULARY + ": \"words\" is not an array");
                }
                String[] w = new String[wordsNode.size()];
                for (int i = 0; i < w.length; i++) {
                    if (!wordsNode.get(i).isTextual()) {
                        throw new BundleException("model bundle " + dir + ": " + VOCABULARY + ": words[" + i + "] is not a string");
                    }
                    w[i] = wordsNode.get(i).asText();
                }
                words = WordVocabulary.of(w, vocabulary);
            }
            return new FeatureExtractor(vocabulary, scaling, words);
        } catch (JsonProcessingException e) {
            throw new BundleException("model bundle " + dir + ": " + VOCABULARY + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BundleException("model bundle " + dir + ": " + VOCABULARY + " is invalid: " + e.getMessage(), e);
        }
    }

    private static Path existing(Path dir, String file) throws BundleException {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new BundleException("model bundle " + dir + ": missing file " + file);
        }
        return path;
    }

    private static void verify(Path dir, Manifest manifest, String file, Path path) throws IOException {
        String expected = manifest.files == null ? null : manifest.files.get(file);
        if (expected == null) {
            throw new BundleException("model bundle " + dir + ": " + MANIFEST + " has no checksum for " + file);
        }
        String actual;
        try {
            actual = sha256(path);
        } catch (NoSuchFileException e) {
            throw new BundleException("model bundle " + dir + ": missing file " + file, e);
        }
        if (!expected.equalsIgnoreCase(actual)) {
            throw new BundleException("model bundle " + dir + ": " + file + " is corrupt or was changed after the bundle"
                    + " was written (SHA-256 " + actual + ", manifest says " + expected + ")");
        }
    }

    /** SHA-256 of a file as lower-case hex. */
    public static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
