package dev.logsieve.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.logsieve.inference.ModelContract;
import dev.logsieve.llm.LlmFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s/docker/model-loader/load.sh with the environment the init containers give it, against a fake
 * {@code aws} command that serves a bundle laid out as {@code logsieve train} writes it from a local
 * folder: the Flink pods get the whole bundle, Triton the bundle's triton/ folder as its repository.
 */
class ModelLoaderTest {
    static final String BUCKET = "s3://logsieve-models/bundles/current/";

    @TempDir
    Path tmp;
    Path store;
    Path bin;

    @BeforeEach
    void fakeAws() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        store = Files.createDirectories(tmp.resolve("s3"));
        bin = Files.createDirectories(tmp.resolve("bin"));
        // aws [--endpoint-url URL] s3 ls|sync [--only-show-errors] SRC [DST], s3://... mapped into $FAKE_S3.
        Path aws = bin.resolve("aws");
        Files.writeString(aws, String.join("\n",
                "#!/bin/sh",
                "set -eu",
                "[ \"$1\" = --endpoint-url ] && shift 2",
                "[ \"$1\" = s3 ] || exit 2; shift",
                "cmd=$1; shift",
                "[ \"${1:-}\" = --only-show-errors ] && shift",
                "path_of() { echo \"$FAKE_S3/${1#s3://}\"; }",
                "case $cmd in",
                "  ls) [ -d \"$(path_of \"$1\")\" ] ;;",
                "  sync) src=$(path_of \"$1\"); [ -d \"$src\" ] || exit 1; mkdir -p \"$2\"; cp -R \"$src/.\" \"$2/\" ;;",
                "  *) exit 2 ;;",
                "esac", ""), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A bundle in the fake bucket, with the files of the LLM member ({@link LlmFiles}). */
    Path bundle(boolean withClassifier) throws IOException {
        Path b = store.resolve("logsieve-models/bundles/current");
        List<String> files = new java.util.ArrayList<>(List.of("manifest.json", "vocabulary.json", "dt.ser", "llm.ser",
                LlmFiles.TOKENIZER, "llm/classifier.json",
                LlmFiles.REPOSITORY + "/" + ModelContract.ENCODER_MODEL + "/config.pbtxt",
                LlmFiles.REPOSITORY + "/" + ModelContract.ENCODER_MODEL + "/1/model.onnx"));
        if (withClassifier) {
            files.add(LlmFiles.REPOSITORY + "/" + ModelContract.CLASSIFIER_MODEL + "/config.pbtxt");
            files.add(LlmFiles.REPOSITORY + "/" + ModelContract.CLASSIFIER_MODEL + "/1/model.onnx");
        }
        for (String f : files) {
            Files.createDirectories(b.resolve(f).getParent());
            Files.writeString(b.resolve(f), f);
        }
        return b;
    }

    Process load(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", Manifests.k8s("docker/model-loader/load.sh").toString())
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_S3", store.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.waitFor();
        return p;
    }

    static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void flinkPodsGetTheWholeBundleTritonItsRepository() throws Exception {
        Path bundle = bundle(true);
        Path flink = tmp.resolve("flink");
        Process p = load(Map.of("MODEL_SOURCE", BUCKET, "MODEL_TARGET", flink.toString()));
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        assertThat(files(flink)).isEqualTo(files(bundle)).contains(LlmFiles.TOKENIZER);

        Path triton = tmp.resolve("models");
        p = load(Map.of("MODEL_SOURCE", BUCKET + LlmFiles.REPOSITORY + "/", "MODEL_TARGET", triton.toString(),
                "MODELS", ModelContract.ENCODER_MODEL + "," + ModelContract.CLASSIFIER_MODEL, "S3_ENDPOINT", "http://minio:9000"));
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        assertThat(files(triton)).containsExactlyInAnyOrder(
                ModelContract.ENCODER_MODEL + "/config.pbtxt", ModelContract.ENCODER_MODEL + "/1/model.onnx",
                ModelContract.CLASSIFIER_MODEL + "/config.pbtxt", ModelContract.CLASSIFIER_MODEL + "/1/model.onnx");
    }

    @Test
    void aModelMissingFromTheBundleFailsTritonsCopy() throws Exception {
        bundle(false);
        Process p = load(Map.of("MODEL_SOURCE", BUCKET + LlmFiles.REPOSITORY + "/", "MODEL_TARGET",
                tmp.resolve("models").toString(), "MODELS", ModelContract.ENCODER_MODEL + "," + ModelContract.CLASSIFIER_MODEL));
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("load.sh: ", "lacks " + ModelContract.CLASSIFIER_MODEL);
    }
}
