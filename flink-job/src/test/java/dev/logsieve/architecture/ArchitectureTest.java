package dev.logsieve.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The job's structure, checked on its compiled classes (this module's production code only): packages form no
 * cycles, nothing in the job reaches into model building or test support, and every package says
 * what it is in a {@code package-info.java}.
 */
@AnalyzeClasses(packages = "dev.logsieve", importOptions = ArchitectureTest.JobClassesOnly.class)
class ArchitectureTest {

    /** The job module's own production classes (its target/classes), not the test jars of the modules it tests with. */
    static final class JobClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return location.contains("/flink-job/target/classes/");
        }
    }

    /** Each top-level package under dev.logsieve is one concept; they depend on each other in one direction. */
    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("dev.logsieve.(*)..")
            .should().beFreeOfCycles();

    /**
     * What runs in a TaskManager never needs what builds models: the training module's packages, the
     * log generator, PyTorch and the DJL engines, langchain4j (which carries the MiniLM weights the
     * trainer exports), OpenBLAS (the MLP member votes in plain Java).
     */
    @ArchTest
    static final ArchRule theJobNeedsNoTrainingCode = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.logsieve.training..", "dev.logsieve..train..",
                    "dev.logsieve.llm.augment..", "dev.logsieve.generate..", "ai.djl.pytorch..", "ai.djl.engine..",
                    "ai.djl.training..", "dev.langchain4j..", "org.bytedeco..")
            .because("training lives in its own module; the job jar carries inference only");

    /** Test support (loopback servers, bundles trained for tests) never leaks into production code. */
    @ArchTest
    static final ArchRule productionCodeDoesNotUseTestSupport = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.logsieve.testing..", "org.junit..",
                    "org.assertj..", "org.apache.flink.test..", "org.apache.flink.streaming.util..")
            .because("tests and their helpers stay out of the job jar");

    /** Every package of the job explains itself. */
    @ArchTest
    static final ArchRule everyPackageHasAPackageInfo = classes().that().resideInAPackage("dev.logsieve..")
            .and().resideOutsideOfPackages("dev.logsieve.proto..", "dev.logsieve.inference.proto..")
            .should(PackageInfo.PRESENT);
}
