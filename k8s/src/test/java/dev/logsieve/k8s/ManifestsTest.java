package dev.logsieve.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logsieve.bundle.BundleOptions;
import dev.logsieve.cli.LogsieveOptions;
import dev.logsieve.inference.ModelContract;
import dev.logsieve.inference.TritonSettings;
import dev.logsieve.job.StreamSettings;
import dev.logsieve.kafka.KafkaOptions;
import dev.logsieve.llm.LlmFiles;
import dev.logsieve.scoring.Backends;
import dev.logsieve.scoring.LlmOptions;
import dev.logsieve.window.WindowOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every kustomization in k8s/ ({@link Kustomize}), parses each manifest into the Flink
 * Kubernetes Operator's or fabric8's API classes failing on unknown fields, and checks that the
 * parts agree: Flink keys exist and none is deprecated, flinkVersion names the Flink the job runs,
 * job arguments are Logsieve options, ports, labels, model names.
 */
class ManifestsTest {
    /** The LLM member's Triton models (DESIGN.md section 6), as the job names them. */
    static final Set<String> CONTRACT_MODELS = Set.of(ModelContract.ENCODER_MODEL, ModelContract.CLASSIFIER_MODEL);
    static final String MODELS_MOUNT = "/opt/logsieve/models";

    static Map<String, ConfigOption<?>> options;
    /** The job's own options only (LogsieveOptions.all()). */
    static Map<String, ConfigOption<?>> jobOptions;

    @BeforeAll
    static void collectOptions() throws Exception {
        options = Manifests.flinkOptions();
        jobOptions = Manifests.logsieveOptions();
        // Sanity: the reflection found Flink's, the autoscaler's and Logsieve's options.
        assertThat(options).containsKeys("state.backend.type", "high-availability.type", "job.autoscaler.enabled",
                "state.backend.rocksdb.localdir", "logsieve.models", "logsieve.kafka.input-topic");
        assertThat(jobOptions).containsKeys(BundleOptions.BUNDLE.key(), LlmOptions.LLM_TRITON.key(),
                LlmOptions.LLM_DEADLINE.key(), BundleOptions.MEMBERS.key(), KafkaOptions.INPUT_TOPIC.key());
        assertThat(jobOptions.keySet()).allMatch(k -> k.startsWith("logsieve."));
    }

    static List<ObjectNode> render(String dir) {
        return Kustomize.build(Manifests.k8s(dir));
    }

    static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/production", "base", "backfill"})
    void everyManifestParsesIntoItsApiClassWithoutUnknownFields(String dir) throws Exception {
        List<ObjectNode> objects = render(dir);
        assertThat(objects).isNotEmpty();
        for (ObjectNode o : objects) {
            assertThat(o.path("metadata").path("namespace").asText()).as(Kustomize.id(o)).isNotEmpty();
            if (Manifests.type(o).equals("kafka.strimzi.io/v1beta2/KafkaTopic")) {
                checkKafkaTopic(o);
            } else {
                Manifests.parse(o);
            }
        }
        assertThat(objects.stream().map(Kustomize::id).collect(Collectors.toList())).doesNotHaveDuplicates();
    }

    @Test
    void componentsParseToo() throws Exception {
        for (String c : List.of("triton", "kafka-topics")) {
            // A component renders like a kustomization when built through an overlay; read its files directly.
            for (JsonNode r : Kustomize.single(Manifests.k8s(c + "/kustomization.yaml")).path("resources")) {
                for (ObjectNode o : Kustomize.read(Manifests.k8s(c).resolve(r.asText()))) {
                    if (o.path("kind").asText().equals("KafkaTopic")) {
                        checkKafkaTopic(o);
                    } else {
                        Manifests.parse(o);
                    }
                }
            }
        }
    }

    /** No Strimzi model here: the fields the Topic Operator reads, checked by hand. */
    static void checkKafkaTopic(ObjectNode o) {
        assertThat(o.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
        assertThat(o.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isNotEmpty();
        Set<String> specFields = new TreeSet<>();
        o.path("spec").fieldNames().forEachRemaining(specFields::add);
        assertThat(specFields).isSubsetOf("partitions", "replicas", "config", "topicName");
        assertThat(o.path("spec").path("partitions").isInt()).isTrue();
        assertThat(o.path("spec").path("replicas").isInt()).isTrue();
    }

    // ----- the streaming FlinkDeployment -----

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/production"})
    void streamDeploymentIsTheStreamJobWithLastStateUpgradesRocksDbAndHa(String dir) throws Exception {
        FlinkDeployment d = Manifests.parse(find(render(dir), "FlinkDeployment", "stream"), FlinkDeployment.class);
        var spec = d.getSpec();
        assertThat(spec.getImage()).isEqualTo("logsieve/flink-job:" + Manifests.VERSION);
        // The manifest says FLINK_VERSION_NAME (everyFlinkDeploymentSaysTheFlinkTheJobRuns); operator
        // API 1.10.0 has no v2_2, so parsing stood in the newest constant it knows (Manifests.parse).
        assertThat(spec.getFlinkVersion()).isEqualTo(Manifests.PARSED_FLINK_VERSION);
        assertThat(spec.getJob().getJarURI()).isEqualTo("local:///opt/flink/usrlib/logsieve-flink-job.jar");
        assertThat(spec.getJob().getEntryClass()).isEqualTo(dev.logsieve.kafka.StreamJob.class.getName());
        assertThat(spec.getJob().getUpgradeMode()).isEqualTo(UpgradeMode.LAST_STATE);

        Configuration conf = Configuration.fromMap(spec.getFlinkConfiguration());
        assertThat(spec.getFlinkConfiguration()).containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true")
                .containsEntry("high-availability.type", "kubernetes")
                .containsEntry("jobmanager.scheduler", "adaptive")
                .containsEntry("pipeline.max-parallelism", Integer.toString(StreamSettings.MAX_PARALLELISM))
                .containsEntry("metrics.reporter.prom.factory.class",
                        org.apache.flink.metrics.prometheus.PrometheusReporterFactory.class.getName())
                .containsEntry("metrics.reporter.prom.port", "9249");
        for (String k : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir")) {
            assertThat(conf.toMap().get(k)).as(k).startsWith("s3://");
        }
        // The s3:// scheme needs the S3 plugin of this Flink version.
        Container main = container(spec.getPodTemplate().getSpec().getContainers(), "flink-main-container");
        assertThat(env(main, "ENABLE_BUILT_IN_PLUGINS")).matches("flink-s3-fs-(hadoop|presto)-" + Pattern.quote(Manifests.FLINK_VERSION) + "\\.jar");
        // The Prometheus port is declared, by the name the PodMonitor scrapes.
        assertThat(main.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .contains(org.assertj.core.groups.Tuple.tuple("metrics", 9249));
        // The model bundle: an init container copies it into the volume the job reads it from.
        Container init = container(spec.getPodTemplate().getSpec().getInitContainers(), "model-bundle");
        assertThat(init.getImage()).isEqualTo("logsieve/model-loader:" + Manifests.VERSION);
        assertThat(env(init, "MODEL_TARGET")).isEqualTo(MODELS_MOUNT);
        assertThat(env(init, "MODEL_SOURCE")).startsWith("s3://");
        assertThat(mountOf(init, "models")).isEqualTo(MODELS_MOUNT);
        assertThat(mountOf(main, "models")).isEqualTo(MODELS_MOUNT);

        Map<String, String> args = jobArgs(spec.getJob().getArgs());
        assertThat(args).containsEntry(BundleOptions.BUNDLE.key(), MODELS_MOUNT)
                .containsKeys(KafkaOptions.BOOTSTRAP_SERVERS.key(), KafkaOptions.INPUT_TOPIC.key(),
                        KafkaOptions.OUTPUT_TOPIC.key(), KafkaOptions.DEAD_LETTER_TOPIC.key(),
                        KafkaOptions.CORRECTIONS_TOPIC.key(), WindowOptions.SESSION_GAP.key());
        checkKeysAndValues(args, "job.args of " + dir);
        assertThat(args.keySet()).allMatch(k -> k.startsWith("logsieve."));
    }

    @Test
    void devIsSmallWithoutTritonOrGpus() throws Exception {
        List<ObjectNode> dev = render("overlays/dev");
        FlinkDeployment d = Manifests.parse(find(dev, "FlinkDeployment", "stream"), FlinkDeployment.class);
        assertThat(d.getSpec().getJob().getParallelism()).isEqualTo(1);
        assertThat(d.getSpec().getFlinkConfiguration()).containsEntry("job.autoscaler.enabled", "false");
        assertThat(dev).noneMatch(o -> o.path("metadata").path("name").asText().startsWith("triton"));
        assertThat(dev.toString()).doesNotContain("nvidia.com/gpu");
        assertThat(dev).anyMatch(o -> o.path("kind").asText().equals("KafkaTopic"));
        assertThat(dev).allMatch(o -> o.path("metadata").path("namespace").asText().equals("logsieve-dev"));
        // kustomize replaces lists in custom resources: the dev patch must leave the podTemplate alone.
        Container init = container(d.getSpec().getPodTemplate().getSpec().getInitContainers(), "model-bundle");
        assertThat(init.getImage()).isNotEmpty();
        assertThat(env(init, "MODEL_TARGET")).isEqualTo(MODELS_MOUNT);
        assertThat(init.getEnvFrom()).anyMatch(e -> e.getSecretRef() != null && e.getSecretRef().getName().equals("logsieve-s3"));
    }

    @Test
    void productionAutoscalesWithStatedTargetsAndRunsTriton() throws Exception {
        List<ObjectNode> prod = render("overlays/production");
        FlinkDeployment d = Manifests.parse(find(prod, "FlinkDeployment", "stream"), FlinkDeployment.class);
        assertThat(d.getSpec().getJob().getParallelism()).isGreaterThan(1).isLessThanOrEqualTo(StreamSettings.MAX_PARALLELISM);
        assertThat(d.getSpec().getJobManager().getReplicas()).isEqualTo(2);
        assertThat(d.getSpec().getFlinkConfiguration())
                .containsEntry("job.autoscaler.enabled", "true")
                .containsKeys("job.autoscaler.utilization.target", "job.autoscaler.utilization.min",
                        "job.autoscaler.utilization.max", "job.autoscaler.stabilization.interval",
                        "job.autoscaler.metrics.window");
        // Busy time aimed at, inside the band within which the autoscaler leaves a vertex alone.
        Map<String, Double> utilization = new TreeMap<>();
        for (String k : List.of("target", "min", "max")) {
            utilization.put(k, Double.valueOf(d.getSpec().getFlinkConfiguration().get("job.autoscaler.utilization." + k)));
        }
        assertThat(utilization.get("min")).isGreaterThan(0.0).isLessThan(utilization.get("target"));
        assertThat(utilization.get("max")).isGreaterThan(utilization.get("target")).isLessThanOrEqualTo(1.0);
        int vertexMax = Integer.parseInt(d.getSpec().getFlinkConfiguration().get("job.autoscaler.vertex.max-parallelism"));
        assertThat(vertexMax).isLessThanOrEqualTo(StreamSettings.MAX_PARALLELISM);
        find(prod, "Deployment", "triton");
        find(prod, "Service", "triton");
        assertThat(prod).allMatch(o -> o.path("metadata").path("namespace").asText().equals("logsieve"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/production", "backfill"})
    void everyFlinkConfigurationKeyIsAFlinkOptionWithAValidValue(String dir) throws Exception {
        Set<String> reporterSuffixes = Manifests.reporterSuffixes();
        for (ObjectNode o : render(dir)) {
            if (!o.path("kind").asText().equals("FlinkDeployment")) {
                continue;
            }
            FlinkDeployment d = Manifests.parse(o, FlinkDeployment.class);
            Map<String, String> conf = d.getSpec().getFlinkConfiguration();
            List<String> unknown = new ArrayList<>();
            for (String k : conf.keySet()) {
                Matcher reporter = Pattern.compile("metrics\\.reporter\\.[^.]+\\.(.+)").matcher(k);
                if (reporter.matches()) {
                    if (!reporterSuffixes.contains(reporter.group(1))) {
                        unknown.add(k);
                    }
                } else if (k.startsWith("s3.")) {
                    // Passed through by Flink's S3 file system plugins to their own configuration
                    // (s3.endpoint, s3.path.style.access, ...): no ConfigOption declares them.
                    continue;
                } else if (!options.containsKey(k)) {
                    unknown.add(k);
                }
            }
            assertThat(unknown).as("keys in %s %s that no Flink option declares", dir, Kustomize.id(o)).isEmpty();
            checkKeysAndValues(conf.entrySet().stream()
                    .filter(e -> options.containsKey(e.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), dir + " " + Kustomize.id(o));
        }
    }

    /**
     * The operator must be told the Flink the image runs: it mounts the configuration as config.yaml,
     * the only file Flink 2.x reads, for flinkVersion v2_0 and newer, and as flink-conf.yaml before
     * (FlinkConfMountDecorator in operator 1.15.0), so with v1_20 every flinkConfiguration setting
     * would be ignored. The version is Flink's own (flink-runtime on the classpath), not a copy.
     */
    @Test
    void everyFlinkDeploymentSaysTheFlinkTheJobRuns() throws Exception {
        // The Flink of the classpath is the pom's flink.version, which the image tag uses too.
        assertThat(EnvironmentInformation.getVersion()).isEqualTo(Manifests.FLINK_VERSION);
        assertThat(Manifests.FLINK_VERSION_NAME).matches("v\\d+_\\d+");
        int found = 0;
        for (String dir : List.of("overlays/dev", "overlays/production", "base", "backfill")) {
            for (ObjectNode o : render(dir)) {
                if (o.path("kind").asText().equals("FlinkDeployment")) {
                    assertThat(o.path("spec").path("flinkVersion").asText()).as(dir + " " + Kustomize.id(o))
                            .isEqualTo(Manifests.FLINK_VERSION_NAME);
                    found++;
                }
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(4);
        // Also any FlinkDeployment, or patch of one, in a file no kustomization here renders.
        Pattern field = Pattern.compile("(?m)^\\s*flinkVersion:\\s*\"?([^\"\\s#]+)");
        for (Map.Entry<String, String> f : texts().entrySet()) {
            if (!f.getKey().endsWith(".yaml")) {
                continue;
            }
            Matcher m = field.matcher(f.getValue());
            while (m.find()) {
                assertThat(m.group(1)).as(f.getKey()).isEqualTo(Manifests.FLINK_VERSION_NAME);
            }
        }
    }

    /**
     * Renamed keys still work through their new options' fallbacks, but are on their way out; the
     * renamed autoscaler keys also read differently (a band, utilization.min/max, instead of
     * target.utilization.boundary). Deprecated keys come from the options on the classpath, plus
     * those the 1.10.0 autoscaler here cannot mark (Manifests.DEPRECATED_AUTOSCALER_KEYS).
     */
    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/production", "base", "backfill"})
    void noFlinkConfigurationUsesADeprecatedKey(String dir) throws Exception {
        Map<String, String> deprecated = Manifests.deprecatedKeys(options);
        // Sanity: the list has the explicit keys and ones found on the classpath (the autoscaler's old
        // name of scale-down.interval).
        assertThat(deprecated).containsKeys("job.autoscaler.target.utilization",
                "job.autoscaler.target.utilization.boundary", "job.autoscaler.scale-up.grace-period");
        for (ObjectNode o : render(dir)) {
            if (o.path("kind").asText().equals("FlinkDeployment")) {
                Map<String, String> used = new TreeMap<>(deprecated);
                used.keySet().retainAll(Manifests.parse(o, FlinkDeployment.class).getSpec().getFlinkConfiguration().keySet());
                assertThat(used).as("deprecated keys (-> their replacement) in %s %s", dir, Kustomize.id(o)).isEmpty();
            }
        }
    }

    /** Every key is a known option and its value parses as that option's type. */
    static void checkKeysAndValues(Map<String, String> settings, String where) {
        Configuration c = Configuration.fromMap(settings);
        for (String k : settings.keySet()) {
            ConfigOption<?> option = options.get(k);
            assertThat(option).as("%s: %s is not a known option", where, k).isNotNull();
            assertThat(c.get(option)).as("%s: %s", where, k).isNotNull();
        }
    }

    static Map<String, String> jobArgs(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            assertThat(a).as("job argument").matches("-D[a-z0-9.-]+=.+");
            int eq = a.indexOf('=');
            out.put(a.substring(2, eq), a.substring(eq + 1));
        }
        return out;
    }

    // ----- the backfill -----

    @Test
    void backfillIsABoundedBatchJobReadingAndWritingObjectStorageOnItsTaskManagers() throws Exception {
        List<ObjectNode> objects = render("backfill");
        FlinkDeployment d = Manifests.parse(find(objects, "FlinkDeployment", "backfill"), FlinkDeployment.class);
        assertThat(d.getSpec().getFlinkConfiguration()).containsEntry("execution.runtime-mode", "BATCH");
        assertThat(d.getSpec().getJob().getEntryClass()).isEqualTo(dev.logsieve.cli.JobMain.class.getName());
        assertThat(d.getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.STATELESS);
        List<String> args = List.of(d.getSpec().getJob().getArgs());
        assertThat(args.get(0)).isEqualTo("backfill");
        // Logs, bundle and outputs through Flink's S3 file system, which the pods enable; nothing is copied in.
        for (String option : List.of("--logs", "--models", "--out")) {
            assertThat(args.get(args.indexOf(option) + 1)).as(option).startsWith("s3://");
        }
        var pod = d.getSpec().getPodTemplate().getSpec();
        assertThat(pod.getInitContainers()).as("no init container copies logs or models").isNullOrEmpty();
        Container main = container(pod.getContainers(), "flink-main-container");
        assertThat(main.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("ENABLE_BUILT_IN_PLUGINS");
            assertThat(e.getValue()).startsWith("flink-s3-fs-").endsWith("-" + Manifests.FLINK_VERSION + ".jar");
        });
        assertThat(objects).noneMatch(o -> o.path("kind").asText().equals("PersistentVolumeClaim"));
        // Its TaskManagers do the work: the job's parallelism fills more than one of them.
        int slots = Integer.parseInt(d.getSpec().getFlinkConfiguration().get("taskmanager.numberOfTaskSlots"));
        assertThat(d.getSpec().getJob().getParallelism()).isGreaterThan(slots);
        assertThat(args.get(args.indexOf("--parallelism") + 1)).isEqualTo(String.valueOf(d.getSpec().getJob().getParallelism()));
        // The arguments are ones `logsieve backfill` accepts.
        picocli.CommandLine cl = new picocli.CommandLine(new dev.logsieve.cli.BackfillCommand());
        cl.parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    }

    // ----- Triton -----

    static List<ObjectNode> tritonObjects() {
        return render("overlays/production");
    }

    @Test
    void tritonServesTheContractsModelsOnGpusWithHealthProbes() throws Exception {
        Deployment dep = Manifests.parse(find(tritonObjects(), "Deployment", "triton"), Deployment.class);
        var pod = dep.getSpec().getTemplate().getSpec();
        Container triton = container(pod.getContainers(), "triton");
        assertThat(triton.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("http", 8000),
                        org.assertj.core.groups.Tuple.tuple("grpc", 8001), org.assertj.core.groups.Tuple.tuple("metrics", 8002));
        assertThat(triton.getArgs()).contains("--http-port=8000", "--grpc-port=8001", "--metrics-port=8002");
        assertThat(triton.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(triton.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/v2/health/live");
        assertThat(triton.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/v2/health/ready");
        assertThat(triton.getStartupProbe().getHttpGet().getPath()).isEqualTo("/v2/health/ready");
        for (var probe : List.of(triton.getLivenessProbe(), triton.getReadinessProbe(), triton.getStartupProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
        // The model repository: copied by an init container into the folder Triton serves.
        Container init = container(pod.getInitContainers(), "model-repository");
        String repoArg = triton.getArgs().stream().filter(a -> a.startsWith("--model-repository=")).findFirst().orElseThrow();
        assertThat(env(init, "MODEL_TARGET")).isEqualTo(repoArg.substring(repoArg.indexOf('=') + 1))
                .isEqualTo(mountOf(triton, "models")).isEqualTo(mountOf(init, "models"));
        assertThat(env(init, "MODEL_SOURCE")).startsWith("s3://").endsWith("/triton/");
        assertThat(Set.of(env(init, "MODELS").split(","))).isEqualTo(CONTRACT_MODELS);
    }

    @Test
    void tritonModelRepositoryUsesOnlyContractNames() throws Exception {
        Path models = Manifests.REPO.resolve("triton-models");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(models)) {
            dirs = s.filter(Files::isDirectory).toList();
        }
        assertThat(dirs).isNotEmpty();
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            assertThat(CONTRACT_MODELS).as("model folder %s", name).contains(name);
            String config = Files.readString(dir.resolve("config.pbtxt"));
            Matcher m = Pattern.compile("(?m)^name:\\s*\"([^\"]+)\"").matcher(config);
            assertThat(m.find()).isTrue();
            assertThat(m.group(1)).isEqualTo(name);
        }
    }

    @Test
    void serviceNetworkPolicyAndMonitorsAgreeOnPortsAndLabels() throws Exception {
        List<ObjectNode> prod = tritonObjects();
        Deployment dep = Manifests.parse(find(prod, "Deployment", "triton"), Deployment.class);
        Map<String, Integer> containerPorts = container(dep.getSpec().getTemplate().getSpec().getContainers(), "triton")
                .getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        Map<String, String> podLabels = dep.getSpec().getTemplate().getMetadata().getLabels();

        Service svc = Manifests.parse(find(prod, "Service", "triton"), Service.class);
        assertThat(podLabels).containsAllEntriesOf(svc.getSpec().getSelector());
        Map<String, Integer> servicePorts = new HashMap<>();
        for (ServicePort p : svc.getSpec().getPorts()) {
            assertThat(containerPorts).containsKey(p.getTargetPort().getStrVal());
            assertThat(containerPorts.get(p.getTargetPort().getStrVal())).isEqualTo(p.getPort());
            servicePorts.put(p.getName(), p.getPort());
        }
        assertThat(servicePorts).isEqualTo(Map.of("http", 8000, "grpc", 8001, "metrics", 8002));

        // Only the Flink pods reach gRPC (NetworkPolicies add up: every policy that selects Triton's
        // pods counts): every rule that opens the gRPC port admits exactly pods carrying the label
        // the FlinkDeployment's podTemplate sets, nothing else, and no other pod carries it.
        NetworkPolicy np = Manifests.parse(find(prod, "NetworkPolicy", "triton"), NetworkPolicy.class);
        assertThat(podLabels).containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());
        assertThat(np.getSpec().getPolicyTypes()).contains("Ingress");
        FlinkDeployment stream = Manifests.parse(find(prod, "FlinkDeployment", "stream"), FlinkDeployment.class);
        Map<String, String> flinkLabels = stream.getSpec().getPodTemplate().getMetadata().getLabels();
        int grpcPort = containerPorts.get("grpc");
        int grpcRules = 0;
        List<Map<String, String>> grpcPeers = new ArrayList<>();
        for (ObjectNode o : prod) {
            if (!o.path("kind").asText().equals("NetworkPolicy")) {
                continue;
            }
            NetworkPolicy policy = Manifests.parse(o, NetworkPolicy.class);
            Map<String, String> selects = policy.getSpec().getPodSelector().getMatchLabels();
            if (selects != null && !podLabels.entrySet().containsAll(selects.entrySet())) {
                continue;
            }
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                assertThat(rule.getPorts()).as("a rule without ports opens every port").isNotEmpty();
                assertThat(rule.getFrom()).as("a rule without peers admits everyone").isNotEmpty();
                boolean grpc = rule.getPorts().stream().anyMatch(p -> p.getPort() == null
                        || (p.getPort().getIntVal() != null && p.getPort().getIntVal() == grpcPort)
                        || "grpc".equals(p.getPort().getStrVal()));
                if (grpc) {
                    grpcRules++;
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        assertThat(peer.getNamespaceSelector()).isNull();
                        assertThat(peer.getIpBlock()).isNull();
                        assertThat(peer.getPodSelector().getMatchLabels()).isNotEmpty();
                        assertThat(peer.getPodSelector().getMatchExpressions()).isNullOrEmpty();
                        assertThat(flinkLabels).containsAllEntriesOf(peer.getPodSelector().getMatchLabels());
                        grpcPeers.add(peer.getPodSelector().getMatchLabels());
                    }
                }
            }
        }
        assertThat(grpcRules).isEqualTo(1);
        // No other pod in the overlay (Triton's own, any other Deployment or FlinkDeployment) matches a peer.
        for (ObjectNode o : prod) {
            if (Manifests.type(o).equals("flink.apache.org/v1beta1/FlinkDeployment") && o.path("metadata").path("name").asText().equals("stream")) {
                continue;
            }
            JsonNode labels = o.path("kind").asText().equals("FlinkDeployment")
                    ? o.path("spec").path("podTemplate").path("metadata").path("labels")
                    : o.path("spec").path("template").path("metadata").path("labels");
            for (Map<String, String> peer : grpcPeers) {
                assertThat(peer.entrySet().stream().allMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText(null))))
                        .as("%s's pods may reach Triton's gRPC port", Kustomize.id(o)).isFalse();
            }
        }

        ServiceMonitor sm = Manifests.parse(find(prod, "ServiceMonitor", "triton"), ServiceMonitor.class);
        assertThat(svc.getMetadata().getLabels()).containsAllEntriesOf(sm.getSpec().getSelector().getMatchLabels());
        assertThat(sm.getSpec().getEndpoints()).allMatch(e -> servicePorts.containsKey(e.getPort()));

        PodMonitor pm = Manifests.parse(find(prod, "PodMonitor", "logsieve-flink"), PodMonitor.class);
        assertThat(flinkLabels).containsAllEntriesOf(pm.getSpec().getSelector().getMatchLabels());
        Container main = container(stream.getSpec().getPodTemplate().getSpec().getContainers(), "flink-main-container");
        assertThat(pm.getSpec().getPodMetricsEndpoints())
                .allMatch(e -> main.getPorts().stream().anyMatch(p -> p.getName().equals(e.getPort())));
    }

    // ----- the job's settings: logsieve.* keys, the LLM member's Triton address -----

    static final Pattern D_ARG = Pattern.compile("-D(logsieve\\.[a-z0-9.-]+)=([^\\s`'\"\\\\]+)");
    static final Pattern YAML_KEY = Pattern.compile("(?m)^[\\s#-]*(logsieve\\.[a-z0-9.-]+):[ \\t]+\"?([^\"\\s#]+)\"?");

    /** Text files of k8s/ (manifests with their comments, scripts, Dockerfiles, README) and the operations guide. */
    static Map<String, String> texts() throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(Manifests.K8S)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = Manifests.K8S.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith("src/") || rel.startsWith("target/") || rel.equals("pom.xml")) {
                    continue;
                }
                out.put("k8s/" + rel, Files.readString(p));
            }
        }
        out.put("docs/operations.md", Files.readString(Manifests.REPO.resolve("docs/operations.md")));
        return out;
    }

    /** {@code key} is one of the job's options and {@code value} parses as its type. */
    static void checkJobSetting(String key, String value, String where) {
        ConfigOption<?> option = jobOptions.get(key);
        assertThat(option).as("%s: %s is not a Logsieve setting (LogsieveOptions.all())", where, key).isNotNull();
        Object parsed;
        try {
            parsed = Configuration.fromMap(Map.of(key, value)).get(option);
        } catch (RuntimeException e) {
            throw new AssertionError(where + ": " + key + "=" + value + " does not parse: " + e.getMessage(), e);
        }
        assertThat(parsed).as("%s: %s=%s", where, key, value).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/production", "base", "backfill"})
    void everyLogsieveKeyOfARenderedDeploymentIsAJobOptionWithAValidValue(String dir) throws Exception {
        for (ObjectNode o : render(dir)) {
            if (!o.path("kind").asText().equals("FlinkDeployment")) {
                continue;
            }
            FlinkDeployment d = Manifests.parse(o, FlinkDeployment.class);
            String where = dir + " " + Kustomize.id(o);
            d.getSpec().getFlinkConfiguration().forEach((k, v) -> {
                if (k.startsWith("logsieve.")) {
                    checkJobSetting(k, v, where + " flinkConfiguration");
                }
            });
            if (d.getSpec().getJob().getEntryClass().equals(dev.logsieve.kafka.StreamJob.class.getName())) {
                jobArgs(d.getSpec().getJob().getArgs()).forEach((k, v) -> checkJobSetting(k, v, where + " job.args"));
            } else {
                // The backfill's CLI arguments are checked by picocli (backfillIsABoundedBatchJob...); a -D there would not be read.
                assertThat(d.getSpec().getJob().getArgs()).noneMatch(a -> a.startsWith("-Dlogsieve."));
            }
        }
    }

    @Test
    void everyLogsieveSettingWrittenInK8sOrTheGuideIsAJobOptionWithAValidValue() throws Exception {
        Set<String> seen = new TreeSet<>();
        for (Map.Entry<String, String> f : texts().entrySet()) {
            for (Pattern p : List.of(D_ARG, YAML_KEY)) {
                Matcher m = p.matcher(f.getValue());
                while (m.find()) {
                    checkJobSetting(m.group(1), m.group(2), f.getKey());
                    seen.add(m.group(1));
                }
            }
        }
        // Sanity: the scan sees the arguments, the Triton address and the commented TLS example.
        assertThat(seen).contains(BundleOptions.BUNDLE.key(), KafkaOptions.INPUT_TOPIC.key(),
                LlmOptions.LLM_TRITON.key(), LlmOptions.LLM_DEADLINE.key(), LlmOptions.LLM_TLS.key(),
                LlmOptions.LLM_CA_CERT.key(), LlmOptions.LLM_TOKEN_FILE.key());
    }

    static Map<String, String> streamArgs(List<ObjectNode> objects) throws Exception {
        FlinkDeployment d = Manifests.parse(find(objects, "FlinkDeployment", "stream"), FlinkDeployment.class);
        return jobArgs(d.getSpec().getJob().getArgs());
    }

    @Test
    void productionPointsTheLlmMemberAtTritonsGrpcService() throws Exception {
        List<ObjectNode> prod = render("overlays/production");
        Map<String, String> args = streamArgs(prod);
        String address = args.get(LlmOptions.LLM_TRITON.key());
        assertThat(address).as("production sets " + LlmOptions.LLM_TRITON.key()).isNotNull();
        // The job's own parsing accepts it, with the other logsieve.llm.triton.* arguments.
        TritonSettings parsed = TritonSettings.parse(address);
        TritonSettings settings = Backends.tritonSettings(Configuration.fromMap(args));
        assertThat(settings.host()).isEqualTo(parsed.host());
        assertThat(settings.port()).isEqualTo(parsed.port());
        assertThat(settings.deadline()).isEqualTo(Configuration.fromMap(args).get(LlmOptions.LLM_DEADLINE));
        assertThat(args).containsKey(LlmOptions.LLM_DEADLINE.key());
        assertThat(settings.encoderModel()).isEqualTo(ModelContract.ENCODER_MODEL);
        assertThat(settings.classifierModel()).isEqualTo(ModelContract.CLASSIFIER_MODEL);

        // Host: the Triton Service, by its short name or its name in the overlay's namespace.
        ObjectNode svcNode = find(prod, "Service", "triton");
        Service svc = Manifests.parse(svcNode, Service.class);
        String name = svc.getMetadata().getName();
        String ns = svc.getMetadata().getNamespace();
        assertThat(parsed.host()).isIn(name, name + "." + ns, name + "." + ns + ".svc", name + "." + ns + ".svc.cluster.local");
        // Port: the Service's port named grpc, the container port it targets, and Triton's --grpc-port.
        ServicePort grpc = svc.getSpec().getPorts().stream().filter(p -> p.getName().equals("grpc")).findFirst().orElseThrow();
        assertThat(parsed.port()).isEqualTo(grpc.getPort()).isEqualTo(TritonSettings.DEFAULT_PORT);
        Deployment dep = Manifests.parse(find(prod, "Deployment", "triton"), Deployment.class);
        assertThat(dep.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(svc.getSpec().getSelector());
        Container triton = container(dep.getSpec().getTemplate().getSpec().getContainers(), "triton");
        ContainerPort target = triton.getPorts().stream().filter(p -> p.getName().equals(grpc.getTargetPort().getStrVal()))
                .findFirst().orElseThrow(() -> new AssertionError("no container port " + grpc.getTargetPort()));
        assertThat(target.getContainerPort()).isEqualTo(parsed.port());
        assertThat(triton.getArgs()).contains("--grpc-port=" + parsed.port());
        // The Flink pods and Triton run in the same namespace (the NetworkPolicy's pod selector peers are namespace-local).
        assertThat(find(prod, "FlinkDeployment", "stream").path("metadata").path("namespace").asText()).isEqualTo(ns);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "base", "backfill"})
    void withoutTritonTheLlmMemberRunsInProcess(String dir) throws Exception {
        List<ObjectNode> objects = render(dir);
        assertThat(objects).noneMatch(o -> o.path("metadata").path("name").asText().startsWith("triton"));
        for (ObjectNode o : objects) {
            if (o.path("kind").asText().equals("FlinkDeployment")) {
                FlinkDeployment d = Manifests.parse(o, FlinkDeployment.class);
                assertThat(d.getSpec().getFlinkConfiguration().keySet()).noneMatch(k -> k.startsWith("logsieve.llm.triton"));
                assertThat(d.getSpec().getJob().getArgs()).noneMatch(a -> a.contains("logsieve.llm.triton") || a.startsWith("--triton"));
            }
        }
    }

    @Test
    void theCommentedTlsExampleIsAValidPatch() throws Exception {
        String file = Files.readString(Manifests.k8s("overlays/production/stream-triton.yaml"));
        Matcher block = Pattern.compile("(?s)# BEGIN triton-tls-example\\n(.*?)# END triton-tls-example").matcher(file);
        assertThat(block.find()).isTrue();
        String ops = block.group(1).lines().map(l -> {
            assertThat(l).startsWith("#");
            return l.startsWith("# ") ? l.substring(2) : l.substring(1);
        }).collect(Collectors.joining("\n"));
        ObjectNode stream = find(render("overlays/production"), "FlinkDeployment", "stream").deepCopy();
        for (JsonNode op : Kustomize.YAML.readTree(ops)) {
            Kustomize.applyOperation(stream, op, "the TLS example");
        }
        FlinkDeployment d = Manifests.parse(stream, FlinkDeployment.class);
        Map<String, String> args = jobArgs(d.getSpec().getJob().getArgs());
        args.forEach((k, v) -> checkJobSetting(k, v, "TLS example"));
        assertThat(args).containsEntry(LlmOptions.LLM_TLS.key(), "true");
        Container main = container(d.getSpec().getPodTemplate().getSpec().getContainers(), "flink-main-container");
        String mount = mountOf(main, "triton-client");
        var volume = d.getSpec().getPodTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("triton-client")).findFirst().orElseThrow();
        String secret = volume.getSecret().getSecretName();
        // The Secret the example creates has the keys the job's files are named after.
        Matcher create = Pattern.compile("create secret generic " + Pattern.quote(secret) + "((?:\\s*\\\\?\\s*#?\\s*--from-file=[^\\s]+)+)")
                .matcher(file);
        assertThat(create.find()).as("the example says how to create Secret " + secret).isTrue();
        Set<String> keys = new TreeSet<>();
        Matcher from = Pattern.compile("--from-file=([^=\\s]+)=").matcher(create.group(1));
        while (from.find()) {
            keys.add(from.group(1));
        }
        for (var option : List.of(LlmOptions.LLM_CA_CERT, LlmOptions.LLM_TOKEN_FILE)) {
            String path = args.get(option.key());
            assertThat(path).as(option.key()).startsWith(mount + "/");
            assertThat(keys).contains(path.substring(mount.length() + 1));
        }
        // Without the token file (not here), the client's settings build: TLS on, the CA file given.
        Map<String, String> noToken = new HashMap<>(args);
        noToken.remove(LlmOptions.LLM_TOKEN_FILE.key());
        TritonSettings tls = Backends.tritonSettings(Configuration.fromMap(noToken));
        assertThat(tls.tls()).isTrue();
        assertThat(tls.caCertFile()).isEqualTo(Path.of(args.get(LlmOptions.LLM_CA_CERT.key())));
    }

    @Test
    void tritonModelNamesInK8sAreTheJobsModelNames() throws Exception {
        // Every model name written anywhere in k8s/ (manifests, comments, scripts) and the guide.
        Pattern modelName = Pattern.compile("\\blogllm_[a-z0-9_]+");
        Pattern modelPath = Pattern.compile("/v2/models/([^/\\s`'\"]+)");
        for (Map.Entry<String, String> f : texts().entrySet()) {
            for (Pattern p : List.of(modelName, modelPath)) {
                Matcher m = p.matcher(f.getValue());
                while (m.find()) {
                    String name = m.groupCount() > 0 ? m.group(1) : m.group();
                    assertThat(CONTRACT_MODELS).as("model name %s in %s", name, f.getKey()).contains(name);
                }
            }
        }
        List<ObjectNode> prod = render("overlays/production");
        Deployment dep = Manifests.parse(find(prod, "Deployment", "triton"), Deployment.class);
        var pod = dep.getSpec().getTemplate().getSpec();
        // Probes that name a model, if any, name one of these.
        for (Container c : pod.getContainers()) {
            for (var probe : java.util.Arrays.asList(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
                if (probe != null && probe.getHttpGet() != null) {
                    Matcher m = modelPath.matcher(probe.getHttpGet().getPath());
                    if (m.find()) {
                        assertThat(CONTRACT_MODELS).contains(m.group(1));
                    }
                }
            }
        }
        // The HPA's metric selector, if it selects by model, selects these.
        HorizontalPodAutoscaler hpa = Manifests.parse(find(prod, "HorizontalPodAutoscaler", "triton"), HorizontalPodAutoscaler.class);
        for (var metric : hpa.getSpec().getMetrics()) {
            var selector = metric.getPods() == null ? null : metric.getPods().getMetric().getSelector();
            if (selector != null && selector.getMatchLabels() != null && selector.getMatchLabels().containsKey("model")) {
                assertThat(CONTRACT_MODELS).contains(selector.getMatchLabels().get("model"));
            }
        }
        // The repository Triton serves is the bundle's triton/ folder, only the job's models; the
        // Flink pods get the whole bundle (llm/tokenizer.json included: the client tokenizes).
        Container repo = container(pod.getInitContainers(), "model-repository");
        assertThat(Set.of(env(repo, "MODELS").split(","))).isEqualTo(CONTRACT_MODELS);
        FlinkDeployment stream = Manifests.parse(find(prod, "FlinkDeployment", "stream"), FlinkDeployment.class);
        Container bundle = container(stream.getSpec().getPodTemplate().getSpec().getInitContainers(), "model-bundle");
        assertThat(bundle.getEnv()).noneMatch(e -> e.getName().equals("MODELS"));
        assertThat(env(repo, "MODEL_SOURCE")).isEqualTo(env(bundle, "MODEL_SOURCE").replaceFirst("/*$", "/") + LlmFiles.REPOSITORY + "/");
        assertThat(LlmFiles.TOKENIZER).doesNotStartWith(LlmFiles.REPOSITORY + "/");
    }

    @Test
    void hpaScalesTritonOnAQueueMetricTheAdapterServes() throws Exception {
        HorizontalPodAutoscaler hpa = Manifests.parse(find(tritonObjects(), "HorizontalPodAutoscaler", "triton"),
                HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("triton");
        assertThat(hpa.getSpec().getMetrics()).hasSize(1);
        var metric = hpa.getSpec().getMetrics().get(0);
        assertThat(metric.getType()).isEqualTo("Pods");
        String name = metric.getPods().getMetric().getName();
        JsonNode adapter = Kustomize.single(Manifests.k8s("monitoring/prometheus-adapter-values.yaml"));
        JsonNode rule = null;
        for (JsonNode r : adapter.path("rules").path("custom")) {
            if (r.path("name").path("as").asText().equals(name)) {
                rule = r;
            }
        }
        assertThat(rule).as("a prometheus-adapter rule serving " + name).isNotNull();
        assertThat(rule.path("seriesQuery").asText()).contains("nv_inference_queue_duration_us");
        assertThat(rule.path("metricsQuery").asText()).contains("nv_inference_queue_duration_us");
    }

    // ----- Kafka topics, images, docs -----

    @Test
    void kafkaTopicsAreTheJobsTopics() throws Exception {
        List<ObjectNode> dev = render("overlays/dev");
        Set<String> topics = dev.stream().filter(o -> o.path("kind").asText().equals("KafkaTopic"))
                .map(o -> o.path("spec").path("topicName").asText(o.path("metadata").path("name").asText()))
                .collect(Collectors.toSet());
        for (String overlay : List.of("overlays/dev", "overlays/production")) {
            FlinkDeployment d = Manifests.parse(find(render(overlay), "FlinkDeployment", "stream"), FlinkDeployment.class);
            Map<String, String> args = jobArgs(d.getSpec().getJob().getArgs());
            assertThat(Set.of(args.get(KafkaOptions.INPUT_TOPIC.key()), args.get(KafkaOptions.OUTPUT_TOPIC.key()),
                    args.get(KafkaOptions.DEAD_LETTER_TOPIC.key()), args.get(KafkaOptions.CORRECTIONS_TOPIC.key())))
                    .as(overlay).isEqualTo(topics);
        }
    }

    @Test
    void jobImageIsBuiltFromTheOfficialFlinkImageWithTheShadedJar() throws Exception {
        String docker = Files.readString(Manifests.k8s("docker/flink-job/Dockerfile"));
        assertThat(docker).containsPattern("(?m)^FROM flink:" + Pattern.quote(Manifests.FLINK_VERSION) + "-java17$");
        assertThat(docker).contains("ARG VERSION=" + Manifests.VERSION);
        assertThat(docker).contains("flink-job/target/logsieve-flink-job-${VERSION}-job.jar /opt/flink/usrlib/logsieve-flink-job.jar");
        String pom = Files.readString(Manifests.REPO.resolve("flink-job/pom.xml"));
        assertThat(pom).contains("<shadedClassifierName>job</shadedClassifierName>");
        String loader = Files.readString(Manifests.k8s("docker/model-loader/Dockerfile"));
        assertThat(loader).contains("COPY k8s/docker/model-loader/load.sh");
        assertThat(Manifests.k8s("docker/model-loader/load.sh")).exists();
    }

    @Test
    void operationsGuideNamesOnlyPathsThatExist() throws Exception {
        String doc = Files.readString(Manifests.REPO.resolve("docs/operations.md"));
        Matcher m = Pattern.compile("(k8s/[A-Za-z0-9_./-]*[A-Za-z0-9_])").matcher(doc);
        Set<String> paths = new TreeSet<>();
        while (m.find()) {
            paths.add(m.group(1));
        }
        assertThat(paths).isNotEmpty();
        assertThat(paths).allMatch(p -> Files.exists(Manifests.REPO.resolve(p)), "exists in the repository");
        // Every overlay and optional part is reachable from the guide.
        assertThat(paths).contains("k8s/overlays/dev", "k8s/overlays/production", "k8s/backfill");
    }

    // ----- helpers -----

    static Container container(List<Container> containers, String name) {
        return containers.stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name));
    }

    static String mountOf(Container c, String volume) {
        return c.getVolumeMounts().stream().filter(v -> v.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " does not mount " + volume)).getMountPath();
    }
}
