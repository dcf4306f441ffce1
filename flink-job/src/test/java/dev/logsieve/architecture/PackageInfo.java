package dev.logsieve.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An ArchUnit condition: the class's package has a {@code package-info.java} among the module's
 * sources (javac writes no class for a package-info without annotations, so the source is checked;
 * Maven runs tests in the module's directory).
 */
final class PackageInfo {
    private PackageInfo() {}

    static final Path SOURCES = Path.of("src", "main", "java");

    static final ArchCondition<JavaClass> PRESENT = new ArchCondition<>("be in a package with a package-info.java") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
            Path dir = SOURCES.resolve(c.getPackageName().replace('.', '/'));
            if (Files.isDirectory(dir) && !Files.exists(dir.resolve("package-info.java"))) {
                events.add(SimpleConditionEvent.violated(c, "package " + c.getPackageName() + " of " + c.getSimpleName()
                        + " has no package-info.java"));
            }
        }
    };
}
