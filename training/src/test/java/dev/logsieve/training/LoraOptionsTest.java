package dev.logsieve.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.cli.Commands;
import dev.logsieve.llm.train.LoraSettings;
import dev.logsieve.llm.train.LoraSettings.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The LoRA options of {@code train}: on with rank 8 when a checkpoint is given, off without one;
 * each value reaches the trainer's settings; a bad value stops the command naming its option.
 */
class LoraOptionsTest {

    @TempDir
    Path dir;
    Path checkpoint;
    Path log;

    @BeforeEach
    void files() throws Exception {
        checkpoint = Files.createDirectories(dir.resolve("llama"));
        Files.writeString(checkpoint.resolve("config.json"), "{}"); // the options check only that it exists
        log = Files.writeString(dir.resolve("x.log"), "081109 203531 1 INFO a: blk_1 x\n");
    }

    static LoraSettings lora(String... args) {
        TrainingOptions o = new TrainingOptions();
        new CommandLine(o).parseArgs(args);
        return o.toSettings(null).llm.settings().lora();
    }

    static int seeds(String... args) {
        TrainingOptions o = new TrainingOptions();
        new CommandLine(o).parseArgs(args);
        return o.toSettings(null).llm.seeds();
    }

    /** Three classifiers averaged by default; one where an average's weights would not fit inside model.onnx. */
    @Test
    void threeClassifiersByDefaultAndOneForACheckpointOrExternalWeights() {
        assertThat(seeds()).isEqualTo(3);
        assertThat(seeds("--llm-init-from", checkpoint.toString())).isEqualTo(1);
        assertThat(seeds("--llm-onnx-storage", "external")).isEqualTo(1);
        assertThat(seeds("--llm-init-from", checkpoint.toString(), "--llm-seeds", "2")).isEqualTo(2);
    }

    @Test
    void aCheckpointTurnsLoraOnWithRank8AndWithoutOneEveryWeightTrains() {
        assertThat(lora()).isEqualTo(LoraSettings.OFF);
        LoraSettings d = lora("--llm-init-from", checkpoint.toString());
        assertThat(d.rank()).isEqualTo(8);
        assertThat(d.alpha()).isEqualTo(16);
        assertThat(d.dropout()).isEqualTo(0.05);
        assertThat(d.targets()).isEqualTo(EnumSet.allOf(Target.class));
        assertThat(d.basePrecision()).isEqualTo(LoraSettings.Precision.FP32);
        assertThat(lora("--llm-init-from", checkpoint.toString(), "--llm-lora", "0").enabled()).isFalse();
    }

    @Test
    void everyValueReachesTheTrainer() {
        LoraSettings l = lora("--llm-init-from", checkpoint.toString(), "--llm-lora", "4", "--llm-lora-alpha", "8",
                "--llm-lora-dropout", "0", "--llm-lora-targets", "q, V,down", "--llm-base-precision", "BF16");
        assertThat(l).isEqualTo(new LoraSettings(4, 8, 0, EnumSet.of(Target.Q, Target.V, Target.DOWN),
                LoraSettings.Precision.BF16));
        assertThat(l.summary()).isEqualTo("rank 4, alpha 8, dropout 0 on q,v,down, base bf16");
        assertThat(l.adapted(dev.logsieve.llm.train.ClassifierConfig.of(8, 8, 2, 2, 8)))
                .containsExactly("layers.0.wq", "layers.0.wv", "layers.0.w_down", "layers.1.wq", "layers.1.wv",
                        "layers.1.w_down");
    }

    @Test
    void badValuesStopTheCommandNamingTheirOption() {
        String init = checkpoint.toString();
        assertThat(train("--llm-init-from", init, "--llm-lora", "-1")).contains("--llm-lora").contains("-1");
        assertThat(train("--llm-init-from", init, "--llm-lora-alpha", "0")).contains("--llm-lora-alpha").contains("0.0");
        assertThat(train("--llm-init-from", init, "--llm-lora-dropout", "1")).contains("--llm-lora-dropout")
                .contains("[0, 1)").contains("1.0");
        assertThat(train("--llm-init-from", init, "--llm-lora-targets", "q,attn")).contains("--llm-lora-targets")
                .contains("'attn'").contains("q,k,v,o,gate,up,down");
        assertThat(train("--llm-init-from", init, "--llm-base-precision", "fp8")).contains("--llm-base-precision")
                .contains("'fp8'").contains("fp32, fp16, bf16");
        assertThat(train("--llm-lora", "4")).contains("--llm-lora").contains("--llm-init-from");
        assertThat(train("--llm-base-precision", "fp16")).contains("--llm-base-precision").contains("LoRA only");
        assertThat(train("--llm-init-from", init, "--llm-lora", "0", "--llm-lora-targets", "q"))
                .contains("--llm-lora-targets").contains("--llm-lora 0");
    }

    @Test
    void theSettingsRefuseBadValuesNamingThem() {
        assertThatThrownBy(() -> new LoraSettings(2, Double.NaN, 0, EnumSet.of(Target.Q), LoraSettings.Precision.FP32))
                .isInstanceOfSatisfying(LoraSettings.Invalid.class, e -> assertThat(e.setting()).isEqualTo("alpha"))
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> new LoraSettings(2, 4, 0, EnumSet.noneOf(Target.class), LoraSettings.Precision.FP32))
                .isInstanceOfSatisfying(LoraSettings.Invalid.class, e -> assertThat(e.setting()).isEqualTo("targets"));
        assertThatThrownBy(() -> LoraSettings.rank(0).withBasePrecision(LoraSettings.Precision.FP16))
                .isInstanceOfSatisfying(LoraSettings.Invalid.class, e -> assertThat(e.setting()).isEqualTo("basePrecision"))
                .hasMessageContaining("fp16");
        assertThat(LoraSettings.Target.parse(List.of("GATE", " up "))).containsExactlyInAnyOrder(Target.GATE, Target.UP);
    }

    /** Runs {@code train} with the given options; returns its error output (it must fail with 2). */
    private String train(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--format", "hdfs", "--logs", log.toString(),
                "--out", dir.resolve("bundle").toString()));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Commands.execute(new TrainingMain(), new PrintWriter(out, true), new PrintWriter(err, true),
                args.toArray(new String[0]));
        assertThat(code).as("exit code of %s", args).isEqualTo(2);
        return err.toString();
    }
}
