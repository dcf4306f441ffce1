package dev.logsieve.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logsieve.job.LogsieveOptions;
import dev.logsieve.kafka.KafkaOptions;
import dev.logsieve.kafka.StreamSettings;
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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every kustomization in k8s/ ({@link Kustomize}), parses each manifest into the Flink
 * Kubernetes Operator's or fabric8's API classes failing on unknown fields, and checks that the
 * parts agree: Flink keys exist, job arguments are Logsieve options, ports, labels, model names.
 */
class ManifestsTest {
    /** The LLM member's Triton models (DESIGN.md section 6). */
    static final Set<String> CONTRACT_MODELS = Set.of("logllm_encoder", "logllm_classifier");
    static final String MODELS_MOUNT = "/opt/logsieve/models";

    static Map<String, ConfigOption<?>> options;

    @BeforeAll
    static void collectOptions() throws Exception {
        options = Manifests.flinkOptions();
        // Sanity: the reflection found Flink's, the autoscaler's and Logsieve's options.
        assertThat(options).containsKeys("state.backend.type", "high-availability.type", "job.autoscaler.enabled",
                "state.backend.rocksdb.localdir", "logsieve.models", "logsieve.kafka.input-topic");
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
        FlinkVersion[] known = FlinkVersion.values();
        // v2_2 is not in operator API 1.10.0: the manifest uses the newest constant the API knows.
        assertThat(spec.getFlinkVersion()).isEqualTo(known[known.length - 1]);
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
        assertThat(args).containsEntry(LogsieveOptions.BUNDLE.key(), MODELS_MOUNT)
                .containsKeys(KafkaOptions.BOOTSTRAP_SERVERS.key(), KafkaOptions.INPUT_TOPIC.key(),
                        KafkaOptions.OUTPUT_TOPIC.key(), KafkaOptions.DEAD_LETTER_TOPIC.key(),
                        KafkaOptions.CORRECTIONS_TOPIC.key(), LogsieveOptions.SESSION_GAP.key());
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
                .containsKeys("job.autoscaler.target.utilization", "job.autoscaler.stabilization.interval",
                        "job.autoscaler.metrics.window");
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
    void backfillIsABoundedBatchJobReadingAndWritingMountedPaths() throws Exception {
        List<ObjectNode> objects = render("backfill");
        FlinkDeployment d = Manifests.parse(find(objects, "FlinkDeployment", "backfill"), FlinkDeployment.class);
        assertThat(d.getSpec().getFlinkConfiguration()).containsEntry("execution.runtime-mode", "BATCH");
        assertThat(d.getSpec().getJob().getEntryClass()).isEqualTo(dev.logsieve.cli.JobMain.class.getName());
        assertThat(d.getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.STATELESS);
        List<String> args = List.of(d.getSpec().getJob().getArgs());
        assertThat(args.get(0)).isEqualTo("backfill");
        Container main = container(d.getSpec().getPodTemplate().getSpec().getContainers(), "flink-main-container");
        assertThat(args.get(args.indexOf("--models") + 1)).isEqualTo(mountOf(main, "models"));
        assertThat(args.get(args.indexOf("--logs") + 1)).isEqualTo(mountOf(main, "input"));
        assertThat(args.get(args.indexOf("--out") + 1)).isEqualTo(mountOf(main, "out"));
        String claim = d.getSpec().getPodTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("out")).findFirst().orElseThrow()
                .getPersistentVolumeClaim().getClaimName();
        find(objects, "PersistentVolumeClaim", claim);
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

        // Only the Flink pods reach gRPC: every rule that opens 8001 admits exactly pods carrying
        // the label the FlinkDeployment's podTemplate sets, and nothing else.
        NetworkPolicy np = Manifests.parse(find(prod, "NetworkPolicy", "triton"), NetworkPolicy.class);
        assertThat(podLabels).containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());
        assertThat(np.getSpec().getPolicyTypes()).contains("Ingress");
        FlinkDeployment stream = Manifests.parse(find(prod, "FlinkDeployment", "stream"), FlinkDeployment.class);
        Map<String, String> flinkLabels = stream.getSpec().getPodTemplate().getMetadata().getLabels();
        int grpcRules = 0;
        for (NetworkPolicyIngressRule rule : np.getSpec().getIngress()) {
            assertThat(rule.getPorts()).as("a rule without ports opens every port").isNotEmpty();
            assertThat(rule.getFrom()).as("a rule without peers admits everyone").isNotEmpty();
            boolean grpc = rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() != null
                    && p.getPort().getIntVal() == 8001);
            if (grpc) {
                grpcRules++;
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    assertThat(peer.getNamespaceSelector()).isNull();
                    assertThat(peer.getIpBlock()).isNull();
                    assertThat(peer.getPodSelector().getMatchLabels()).isNotEmpty();
                    assertThat(flinkLabels).containsAllEntriesOf(peer.getPodSelector().getMatchLabels());
                }
            }
        }
        assertThat(grpcRules).isEqualTo(1);

        ServiceMonitor sm = Manifests.parse(find(prod, "ServiceMonitor", "triton"), ServiceMonitor.class);
        assertThat(svc.getMetadata().getLabels()).containsAllEntriesOf(sm.getSpec().getSelector().getMatchLabels());
        assertThat(sm.getSpec().getEndpoints()).allMatch(e -> servicePorts.containsKey(e.getPort()));

        PodMonitor pm = Manifests.parse(find(prod, "PodMonitor", "logsieve-flink"), PodMonitor.class);
        assertThat(flinkLabels).containsAllEntriesOf(pm.getSpec().getSelector().getMatchLabels());
        Container main = container(stream.getSpec().getPodTemplate().getSpec().getContainers(), "flink-main-container");
        assertThat(pm.getSpec().getPodMetricsEndpoints())
                .allMatch(e -> main.getPorts().stream().anyMatch(p -> p.getName().equals(e.getPort())));
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
