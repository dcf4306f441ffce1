package dev.logsieve.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.runtime.util.EnvironmentInformation;

/** The k8s/ folder, strict parsing into the API classes, and Flink's option keys. */
final class Manifests {
    private Manifests() {}

    static final Path K8S = Path.of(System.getProperty("logsieve.k8s.dir", "."));
    static final Path REPO = Path.of(System.getProperty("logsieve.repo.dir", "..")).normalize();
    static final String VERSION = System.getProperty("logsieve.version", "0.1.0-SNAPSHOT");
    static final String FLINK_VERSION = System.getProperty("flink.version", "2.2.1");

    /**
     * The operator's name for the Flink on the test classpath, "v" + major + "_" + minor (2.2.1:
     * v2_2): what every FlinkDeployment's flinkVersion must say.
     */
    static final String FLINK_VERSION_NAME =
            "v" + EnvironmentInformation.getVersion().replaceFirst("^(\\d+)\\.(\\d+)(\\..*)?$", "$1_$2");

    /**
     * What parsing turns {@link #FLINK_VERSION_NAME} into: its own constant where the operator API on
     * the classpath has one, else the newest constant that API knows (see {@link #parse(JsonNode, Class)}).
     */
    static final FlinkVersion PARSED_FLINK_VERSION = Arrays.stream(FlinkVersion.values())
            .filter(v -> v.name().equals(FLINK_VERSION_NAME)).findFirst().orElse(FlinkVersion.current());

    /**
     * Autoscaler options of operator 1.15.0's AutoScalerOptions (added in 1.11.0) that the 1.10.0
     * autoscaler on this classpath does not declare, declared here as 1.15.0 does (doubles) so that
     * the manifests' keys are known and their values checked.
     */
    static final List<ConfigOption<Double>> NEWER_AUTOSCALER_OPTIONS = List.of(
            ConfigOptions.key("job.autoscaler.utilization.target").doubleType().defaultValue(0.7),
            ConfigOptions.key("job.autoscaler.utilization.max").doubleType().noDefaultValue(),
            ConfigOptions.key("job.autoscaler.utilization.min").doubleType().noDefaultValue());

    /**
     * Deprecated key -> the key to use instead, for keys that operator 1.15.0's AutoScalerOptions
     * deprecates (since 1.11.0) but the 1.10.0 autoscaler on this classpath still declares as primary
     * keys, so that {@link ConfigOption#fallbackKeys()} cannot tell.
     */
    static final Map<String, String> DEPRECATED_AUTOSCALER_KEYS = Map.of(
            "job.autoscaler.target.utilization", "job.autoscaler.utilization.target",
            "job.autoscaler.target.utilization.boundary", "job.autoscaler.utilization.max/min");

    /** Jackson failing on any field the target class does not declare. */
    static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** apiVersion/kind -> the class it must parse into. */
    static final Map<String, Class<?>> CLASSES = Map.ofEntries(
            Map.entry("flink.apache.org/v1beta1/FlinkDeployment", org.apache.flink.kubernetes.operator.api.FlinkDeployment.class),
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1/PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", io.fabric8.kubernetes.api.model.rbac.Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", io.fabric8.kubernetes.api.model.rbac.RoleBinding.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class));

    static String type(JsonNode o) {
        return o.path("apiVersion").asText() + "/" + o.path("kind").asText();
    }

    /**
     * {@code o} as its API class, failing on unknown fields: Jackson's FAIL_ON_UNKNOWN_PROPERTIES,
     * plus a walk over the result for fabric8's catch-all {@code additionalProperties} maps (fabric8's
     * classes put unknown fields there instead of failing). A FlinkDeployment saying
     * {@link #FLINK_VERSION_NAME} is parsed as saying {@link #PARSED_FLINK_VERSION}.
     */
    static <T> T parse(JsonNode o, Class<T> type) throws Exception {
        o = withParsableFlinkVersion(o);
        T value = STRICT.treeToValue(o, type);
        StringBuilder problems = new StringBuilder();
        unknownFields(value, Kustomize.id(o), problems, Collections.newSetFromMap(new IdentityHashMap<>()));
        // Classes that ignore unknown fields (the operator's spec classes do): every field of the
        // input must come back when the parsed object is written out again.
        lostFields(o, STRICT.valueToTree(value), Kustomize.id(o), problems);
        if (problems.length() > 0) {
            throw new IllegalArgumentException("unknown fields in " + Kustomize.id(o) + ":" + problems);
        }
        return value;
    }

    static Object parse(ObjectNode o) throws Exception {
        Class<?> c = CLASSES.get(type(o));
        if (c == null) {
            throw new IllegalArgumentException("no API class known for " + type(o));
        }
        return parse(o, c);
    }

    /**
     * {@code o}, or a copy whose spec.flinkVersion says {@link #PARSED_FLINK_VERSION} where {@code o}
     * is a FlinkDeployment saying {@link #FLINK_VERSION_NAME} and the operator API here does not know
     * that name. Why: the only flink-kubernetes-operator-api on Maven Central that this build reaches
     * is 1.10.0, whose FlinkVersion ends at v1_20, while the manifests must say v2_2 (operator 1.13.0
     * and newer know it). Any other value the API does not know still fails to parse.
     */
    static JsonNode withParsableFlinkVersion(JsonNode o) {
        if (!type(o).equals("flink.apache.org/v1beta1/FlinkDeployment")
                || !o.path("spec").path("flinkVersion").asText().equals(FLINK_VERSION_NAME)
                || PARSED_FLINK_VERSION.name().equals(FLINK_VERSION_NAME)) {
            return o;
        }
        ObjectNode copy = o.deepCopy();
        ((ObjectNode) copy.get("spec")).put("flinkVersion", PARSED_FLINK_VERSION.name());
        return copy;
    }

    private static void lostFields(JsonNode in, JsonNode out, String path, StringBuilder problems) {
        if (in.isObject()) {
            in.fieldNames().forEachRemaining(f -> {
                if (!out.has(f) && !in.get(f).isNull()) {
                    problems.append("\n  ").append(path).append('.').append(f);
                } else if (out.has(f)) {
                    lostFields(in.get(f), out.get(f), path + "." + f, problems);
                }
            });
        } else if (in.isArray() && out.isArray()) {
            for (int i = 0; i < in.size() && i < out.size(); i++) {
                lostFields(in.get(i), out.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static void unknownFields(Object o, String path, StringBuilder problems, Set<Object> seen) {
        if (o == null || o instanceof Enum || o instanceof String || o instanceof Number || o instanceof Boolean || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object v : c) {
                unknownFields(v, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api") && !pkg.startsWith("io.fabric8.openshift.api")
                && !pkg.startsWith("org.apache.flink.kubernetes.operator.api")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v;
            try {
                v = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.append("\n  ").append(path).append(": ").append(extra.keySet());
                }
                continue;
            }
            unknownFields(v, path + "." + m.getName().substring(3), problems, seen);
        }
    }

    /**
     * Every ConfigOption key declared in a public static field of a class named {@code *Options} in
     * the jars of flink-core, flink-runtime, flink-statebackend-rocksdb, flink-clients and the
     * operator's autoscaler, plus {@link #NEWER_AUTOSCALER_OPTIONS} and every Logsieve setting
     * ({@code LogsieveOptions.all()}).
     */
    static Map<String, ConfigOption<?>> flinkOptions() throws Exception {
        Map<String, ConfigOption<?>> keys = new TreeMap<>();
        for (Class<?> anchor : List.of(org.apache.flink.configuration.CoreOptions.class,
                org.apache.flink.runtime.jobgraph.JobGraph.class,
                org.apache.flink.state.rocksdb.RocksDBOptions.class,
                org.apache.flink.client.cli.CliFrontend.class,
                org.apache.flink.autoscaler.config.AutoScalerOptions.class)) {
            Path jar = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (JarFile j = new JarFile(jar.toFile())) {
                for (String name : j.stream().map(e -> e.getName())
                        .filter(n -> n.endsWith("Options.class") && !n.contains("$")).toList()) {
                    addOptions(name.substring(0, name.length() - ".class".length()).replace('/', '.'), keys);
                }
            }
        }
        NEWER_AUTOSCALER_OPTIONS.forEach(o -> keys.putIfAbsent(o.key(), o));
        keys.putAll(logsieveOptions());
        return keys;
    }

    /**
     * Deprecated key -> the key to use instead: every deprecated fallback key of {@code options} that
     * is no option's own key, plus {@link #DEPRECATED_AUTOSCALER_KEYS}.
     */
    static Map<String, String> deprecatedKeys(Map<String, ConfigOption<?>> options) {
        Map<String, String> keys = new TreeMap<>(DEPRECATED_AUTOSCALER_KEYS);
        for (ConfigOption<?> o : options.values()) {
            for (FallbackKey k : o.fallbackKeys()) {
                if (k.isDeprecated() && !options.containsKey(k.getKey())) {
                    keys.putIfAbsent(k.getKey(), o.key());
                }
            }
        }
        return keys;
    }

    /** The job's own options, by key: every Logsieve setting, each owned by the package that reads it. */
    static Map<String, ConfigOption<?>> logsieveOptions() {
        Map<String, ConfigOption<?>> keys = new TreeMap<>();
        for (ConfigOption<?> o : dev.logsieve.cli.LogsieveOptions.all()) {
            keys.put(o.key(), o);
        }
        return keys;
    }

    private static void addOptions(String className, Map<String, ConfigOption<?>> keys) {
        try {
            Class<?> c = Class.forName(className, true, Manifests.class.getClassLoader());
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                    ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                    keys.put(o.key(), o);
                }
            }
        } catch (Throwable e) {
            // A class that does not load outside a running cluster declares nothing we use.
        }
    }

    /** The suffixes a {@code metrics.reporter.<name>.} key may have: MetricOptions' REPORTER_* keys, and the Prometheus reporter's own "port". */
    static Set<String> reporterSuffixes() throws Exception {
        Set<String> s = new java.util.TreeSet<>();
        for (Field f : org.apache.flink.configuration.MetricOptions.class.getFields()) {
            if (f.getName().startsWith("REPORTER_") && !f.getName().equals("REPORTERS_LIST")
                    && ConfigOption.class.isAssignableFrom(f.getType())) {
                s.add(((ConfigOption<?>) f.get(null)).key());
            }
        }
        Field port = Class.forName("org.apache.flink.metrics.prometheus.PrometheusReporterFactory").getDeclaredField("ARG_PORT");
        port.setAccessible(true);
        s.add((String) port.get(null));
        return s;
    }

    static Path k8s(String relative) {
        return K8S.resolve(relative);
    }

    static Path repo(String relative) throws URISyntaxException {
        return REPO.resolve(relative);
    }
}
