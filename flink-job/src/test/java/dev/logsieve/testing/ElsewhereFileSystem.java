package dev.logsieve.testing;

import java.net.URI;
import java.nio.file.Path;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.local.LocalFileSystem;

/**
 * A stand-in for a remote file system (S3, HDFS), which cannot run here: the scheme
 * {@code elsewhere://} served by Flink's local file system, so that code paths meant for remote
 * locations (copying a bundle to each machine, listing an input directory, writing outputs through
 * Flink's file systems) run on local files. Registered through
 * {@code META-INF/services/org.apache.flink.core.fs.FileSystemFactory} in the test resources, as
 * Flink's file system plugins register themselves.
 */
public final class ElsewhereFileSystem implements FileSystemFactory {
    public static final String SCHEME = "elsewhere";

    /** The {@code elsewhere://} URI of a local file or directory. */
    public static String uri(Path local) {
        return SCHEME + "://" + local.toAbsolutePath();
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileSystem create(URI fsUri) {
        return LocalFileSystem.getSharedInstance();
    }
}
