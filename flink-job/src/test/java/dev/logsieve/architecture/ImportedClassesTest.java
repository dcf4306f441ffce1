package dev.logsieve.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.logsieve.job.Pipeline;
import org.junit.jupiter.api.Test;

/** The architecture rules see the job's classes: a rule over no classes would pass for nothing. */
class ImportedClassesTest {

    @Test
    void theRulesSeeTheWholeJobAndNothingElse() {
        JavaClasses classes = new ClassFileImporter().withImportOption(new ArchitectureTest.JobClassesOnly())
                .importPackages("dev.logsieve");
        assertThat(classes.contain(Pipeline.class)).isTrue();
        assertThat(classes.stream().map(c -> c.getPackageName()).distinct())
                .contains("dev.logsieve.job", "dev.logsieve.cache", "dev.logsieve.scoring", "dev.logsieve.kafka")
                .doesNotContain("dev.logsieve.architecture", "dev.logsieve.generate");
    }
}
