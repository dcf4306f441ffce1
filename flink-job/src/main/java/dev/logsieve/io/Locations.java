package dev.logsieve.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Files and directories named by a local path or by a URI of any file system Flink has
 * ({@code file://}, and {@code s3://} or {@code hdfs://} where the cluster has that plugin), for
 * what a job reads whole rather than streams: the model bundle and a labels file. A local path
 * stays as it is. Anything else is copied into the temporary directory of the machine that reads
 * it (each TaskManager's, the client's) and read from there; a copy is written under a temporary
 * name and renamed when complete, so a half-copied bundle is never read, and kept for the next
 * reader while the remote files stay as they are.
 */
public final class Locations {
    private Locations() {}

    /** True when {@code location} is read where it is: a path, or a {@code file:} URI. */
    public static boolean isLocal(String location) {
        String scheme = new Path(location).toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }

    /** True when the file or directory exists (a file system it cannot reach says why). */
    public static boolean exists(String location) throws IOException {
        Path p = new Path(location);
        return p.getFileSystem().exists(p);
    }

    /**
     * A local path with the contents of {@code location}: the location itself when it is local,
     * else a copy of it in the temporary directory. A copy is made once for each state of the
     * remote files (their names, sizes and modification times), so a bundle replaced at the same
     * location is copied again, and an unchanged one is not.
     */
    public static java.nio.file.Path local(String location) throws IOException {
        if (isLocal(location)) {
            return java.nio.file.Path.of(new Path(location).toUri().getPath()).toAbsolutePath();
        }
        Path from = new Path(location);
        FileSystem fs = from.getFileSystem();
        FileStatus status = fs.getFileStatus(from);
        List<FileStatus> tree = new ArrayList<>();
        walk(fs, status, tree);
        StringBuilder state = new StringBuilder(location);
        for (FileStatus f : tree) {
            state.append('\n').append(f.getPath()).append(' ').append(f.getLen()).append(' ').append(f.getModificationTime());
        }
        String name = from.getName().isEmpty() ? "root" : from.getName();
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "logsieve-copies");
        java.nio.file.Path target = root.resolve(digest(state.toString()));
        if (Files.exists(target)) {
            return target.resolve(name); // complete: a copy is renamed into place only when whole
        }
        Files.createDirectories(root);
        java.nio.file.Path partial = Files.createTempDirectory(root, ".partial-");
        copyTree(fs, status, partial.resolve(name));
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.exists(target)) {
                throw e;
            }
            deleteTree(partial); // another slot of this machine finished the same copy first
        }
        return target.resolve(name);
    }

    private static void walk(FileSystem fs, FileStatus from, List<FileStatus> out) throws IOException {
        if (!from.isDir()) {
            out.add(from);
            return;
        }
        FileStatus[] children = fs.listStatus(from.getPath());
        for (FileStatus child : children == null ? new FileStatus[0] : children) {
            walk(fs, child, out);
        }
    }

    private static void copyTree(FileSystem fs, FileStatus from, java.nio.file.Path to) throws IOException {
        if (from.isDir()) {
            Files.createDirectories(to);
            FileStatus[] children = fs.listStatus(from.getPath());
            for (FileStatus child : children == null ? new FileStatus[0] : children) {
                copyTree(fs, child, to.resolve(child.getPath().getName()));
            }
            return;
        }
        try (InputStream in = fs.open(from.getPath()); OutputStream out = Files.newOutputStream(to)) {
            in.transferTo(out);
        }
    }

    private static void deleteTree(java.nio.file.Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The files a list of locations names, for reading line by line: a directory stands for the
     * regular files directly in it (sorted by name, hidden files left out), a file for itself.
     * Local files are named by their absolute paths (so is their source in verdicts and dead
     * letters), others by their URIs.
     *
     * @throws IllegalArgumentException when a location does not exist or names no file
     */
    public static List<String> files(List<String> locations) {
        List<String> out = new ArrayList<>();
        for (String location : locations) {
            try {
                Path p = new Path(location);
                FileSystem fs = p.getFileSystem();
                if (!fs.exists(p)) {
                    throw new IllegalArgumentException("input not found: " + location);
                }
                FileStatus status = fs.getFileStatus(p);
                boolean local = isLocal(location);
                if (status.isDir()) {
                    FileStatus[] children = fs.listStatus(p);
                    Arrays.stream(children == null ? new FileStatus[0] : children)
                            .filter(c -> !c.isDir() && !c.getPath().getName().startsWith("."))
                            .map(c -> local ? c.getPath().toUri().getPath() : c.getPath().toString())
                            .sorted().forEach(out::add);
                } else {
                    out.add(local ? status.getPath().toUri().getPath() : location);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + location + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no input files in " + locations);
        }
        return out;
    }

    /** The total size of these files in bytes, for progress and its ETA. */
    public static long size(List<String> files) {
        long bytes = 0;
        for (String f : files) {
            try {
                Path p = new Path(f);
                bytes += p.getFileSystem().getFileStatus(p).getLen();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + f, e);
            }
        }
        return bytes;
    }

    /** Opens a file of any Flink file system for reading. */
    public static InputStream open(String file) throws IOException {
        Path p = new Path(file);
        return p.getFileSystem().open(p);
    }

    private static String digest(String location) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
