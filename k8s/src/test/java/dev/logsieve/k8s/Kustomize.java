package dev.logsieve.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A small kustomize renderer for the subset of kustomize the files in k8s/ use (no kustomize binary
 * is on Maven Central or in Debian, and none runs inside the build). It renders what
 * {@code kustomize build DIR} would for these files, and fails on any kustomization field it does
 * not implement, so a new feature in an overlay cannot be ignored silently:
 *
 * <ul>
 *   <li>{@code resources}: YAML files (several documents each) or folders holding a Kustomization;</li>
 *   <li>{@code components}: folders holding a {@code kind: Component}, whose resources are added;</li>
 *   <li>{@code patches} with {@code path} only: strategic-merge patches, matched to their target by
 *       apiVersion group, kind and metadata.name (exactly one target, else failure). Maps merge
 *       key by key. Lists: in built-in kinds (core, apps, rbac, networking, autoscaling), a list
 *       whose items are all maps with a {@code name} merges item by item on {@code name}
 *       (containers, initContainers, env, volumes, volumeMounts — kustomize's merge keys for
 *       those); every other list (args, ...) is replaced. In custom resources (FlinkDeployment,
 *       KafkaTopic, PodMonitor, ...) kustomize has no schema and replaces every list, even the
 *       containers of a FlinkDeployment's podTemplate; so does this renderer.</li>
 *   <li>{@code patches} with {@code path} and {@code target} ({@code group}, {@code version},
 *       {@code kind}, {@code name}): JSON 6902 patches written as YAML, a list of operations
 *       {@code add} (a trailing {@code /-} appends to a list), {@code replace} and {@code remove};
 *       the target must match exactly one resource. The way to append to a list of a custom
 *       resource (a FlinkDeployment's job.args) without repeating it.</li>
 *   <li>{@code namespace}: set on every resource (all of Logsieve's are namespaced).</li>
 * </ul>
 */
final class Kustomize {
    static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> KUSTOMIZATION_FIELDS =
            Set.of("apiVersion", "kind", "namespace", "resources", "components", "patches");

    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "rbac.authorization.k8s.io",
            "networking.k8s.io", "autoscaling", "policy");

    private Kustomize() {}

    /** The resources {@code kustomize build dir} yields. */
    static List<ObjectNode> build(Path dir) {
        return build(dir, "Kustomization");
    }

    private static List<ObjectNode> build(Path dir, String expectedKind) {
        ObjectNode k = single(dir.resolve("kustomization.yaml"));
        Iterator<String> fields = k.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (!KUSTOMIZATION_FIELDS.contains(f)) {
                throw new IllegalStateException(dir + ": kustomization field '" + f + "' is not supported by this renderer");
            }
        }
        String kind = k.path("kind").asText("Kustomization");
        if (!kind.equals(expectedKind)) {
            throw new IllegalStateException(dir + " is a " + kind + ", expected a " + expectedKind);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(build(p, "Kustomization"));
            } else {
                out.addAll(read(p));
            }
        }
        for (JsonNode c : k.path("components")) {
            out.addAll(build(dir.resolve(c.asText()).normalize(), "Component"));
        }
        for (JsonNode patch : k.path("patches")) {
            if (patch.size() == 2 && patch.has("path") && patch.has("target")) {
                json6902(dir, out, patch);
                continue;
            }
            if (patch.size() != 1 || !patch.has("path")) {
                throw new IllegalStateException(dir + ": only 'patches: - path: FILE [target: ...]' is supported, got " + patch);
            }
            for (ObjectNode p : read(dir.resolve(patch.get("path").asText()))) {
                List<ObjectNode> targets = out.stream().filter(o -> sameObject(o, p)).toList();
                if (targets.size() != 1) {
                    throw new IllegalStateException(dir + ": patch " + id(p) + " matches " + targets.size() + " resources");
                }
                merge(targets.get(0), p, BUILT_IN_GROUPS.contains(group(p)));
            }
        }
        if (k.has("namespace")) {
            for (ObjectNode o : out) {
                ((ObjectNode) o.with("metadata")).put("namespace", k.get("namespace").asText());
            }
        }
        return out;
    }

    private static final Set<String> TARGET_FIELDS = Set.of("group", "version", "kind", "name");

    /** A JSON 6902 patch (YAML list of operations) applied to the one resource its target selects. */
    private static void json6902(Path dir, List<ObjectNode> out, JsonNode patch) {
        JsonNode target = patch.get("target");
        target.fieldNames().forEachRemaining(f -> {
            if (!TARGET_FIELDS.contains(f)) {
                throw new IllegalStateException(dir + ": patch target field '" + f + "' is not supported by this renderer");
            }
        });
        List<ObjectNode> targets = out.stream().filter(o -> group(o).equals(target.path("group").asText(group(o)))
                        && apiVersion(o).equals(target.path("version").asText(apiVersion(o)))
                        && o.path("kind").asText().equals(target.path("kind").asText(o.path("kind").asText()))
                        && o.path("metadata").path("name").asText().equals(target.path("name").asText(o.path("metadata").path("name").asText())))
                .toList();
        if (targets.size() != 1) {
            throw new IllegalStateException(dir + ": patch target " + target + " matches " + targets.size() + " resources");
        }
        Path file = dir.resolve(patch.get("path").asText());
        JsonNode ops;
        try {
            ops = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
        if (ops == null || !ops.isArray()) {
            throw new IllegalStateException(file + ": a patch with a target must be a list of JSON 6902 operations");
        }
        for (JsonNode op : ops) {
            applyOperation(targets.get(0), op, file.toString());
        }
    }

    /** One JSON 6902 operation ({@code add}, {@code replace}, {@code remove}) on {@code doc}. */
    static void applyOperation(ObjectNode doc, JsonNode op, String where) {
        String kind = op.path("op").asText();
        String path = op.path("path").asText();
        if (!path.startsWith("/")) {
            throw new IllegalStateException(where + ": JSON pointer must start with '/': " + path);
        }
        String[] tokens = path.substring(1).split("/", -1);
        JsonNode parent = doc;
        for (int i = 0; i < tokens.length - 1; i++) {
            parent = child(parent, unescape(tokens[i]), where, path);
        }
        String last = unescape(tokens[tokens.length - 1]);
        JsonNode value = op.get("value");
        switch (kind) {
            case "add", "replace" -> {
                if (value == null) {
                    throw new IllegalStateException(where + ": '" + kind + "' " + path + " has no value");
                }
                if (parent instanceof ObjectNode o) {
                    if (kind.equals("replace") && !o.has(last)) {
                        throw new IllegalStateException(where + ": replace " + path + ": no such field");
                    }
                    o.set(last, value.deepCopy());
                } else if (parent instanceof ArrayNode a) {
                    if (kind.equals("add") && last.equals("-")) {
                        a.add(value.deepCopy());
                    } else {
                        int index = index(a, last, kind.equals("add"), where, path);
                        if (kind.equals("add")) {
                            a.insert(index, value.deepCopy());
                        } else {
                            a.set(index, value.deepCopy());
                        }
                    }
                } else {
                    throw new IllegalStateException(where + ": " + path + ": parent is not an object or list");
                }
            }
            case "remove" -> {
                if (parent instanceof ObjectNode o && o.has(last)) {
                    o.remove(last);
                } else if (parent instanceof ArrayNode a) {
                    a.remove(index(a, last, false, where, path));
                } else {
                    throw new IllegalStateException(where + ": remove " + path + ": no such field");
                }
            }
            default -> throw new IllegalStateException(where + ": JSON 6902 operation '" + kind + "' is not supported by this renderer");
        }
    }

    private static JsonNode child(JsonNode parent, String token, String where, String path) {
        JsonNode c = parent.isArray() ? parent.get(index((ArrayNode) parent, token, false, where, path)) : parent.get(token);
        if (c == null || !(c.isObject() || c.isArray())) {
            throw new IllegalStateException(where + ": " + path + ": '" + token + "' does not exist");
        }
        return c;
    }

    private static int index(ArrayNode a, String token, boolean endAllowed, String where, String path) {
        int i;
        try {
            i = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + ": " + path + ": '" + token + "' is not a list index");
        }
        if (i < 0 || i > a.size() || (i == a.size() && !endAllowed)) {
            throw new IllegalStateException(where + ": " + path + ": index " + i + " outside a list of " + a.size());
        }
        return i;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private static String apiVersion(JsonNode o) {
        String v = o.path("apiVersion").asText();
        return v.contains("/") ? v.substring(v.indexOf('/') + 1) : v;
    }

    /** Every YAML document in {@code file}, as objects. */
    static List<ObjectNode> read(Path file) {
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.isObject() && n.size() > 0) {
                    docs.add((ObjectNode) n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
        return docs;
    }

    static ObjectNode single(Path file) {
        List<ObjectNode> docs = read(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + ": expected one document, found " + docs.size());
        }
        return docs.get(0);
    }

    static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }

    private static boolean sameObject(JsonNode a, JsonNode b) {
        return group(a).equals(group(b)) && a.path("kind").equals(b.path("kind"))
                && a.path("metadata").path("name").equals(b.path("metadata").path("name"));
    }

    private static String group(JsonNode o) {
        String v = o.path("apiVersion").asText();
        return v.contains("/") ? v.substring(0, v.indexOf('/')) : "";
    }

    /** Strategic merge of {@code patch} into {@code target}, as described in the class comment. */
    static void merge(ObjectNode target, JsonNode patch, boolean mergeNamedLists) {
        Iterator<String> names = patch.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            JsonNode pv = patch.get(f);
            JsonNode tv = target.get(f);
            if (pv.isObject() && tv != null && tv.isObject()) {
                merge((ObjectNode) tv, pv, mergeNamedLists);
            } else if (mergeNamedLists && pv.isArray() && tv != null && tv.isArray() && namedItems(pv) && namedItems(tv)) {
                mergeNamed((ArrayNode) tv, (ArrayNode) pv);
            } else {
                target.set(f, pv.deepCopy());
            }
        }
    }

    private static boolean namedItems(JsonNode list) {
        if (list.isEmpty()) {
            return false;
        }
        for (JsonNode i : list) {
            if (!i.isObject() || !i.has("name")) {
                return false;
            }
        }
        return true;
    }

    private static void mergeNamed(ArrayNode target, ArrayNode patch) {
        for (JsonNode p : patch) {
            ObjectNode match = null;
            for (JsonNode t : target) {
                if (t.get("name").equals(p.get("name"))) {
                    match = (ObjectNode) t;
                }
            }
            if (match != null) {
                merge(match, p, true);
            } else {
                target.add(p.deepCopy());
            }
        }
    }
}
