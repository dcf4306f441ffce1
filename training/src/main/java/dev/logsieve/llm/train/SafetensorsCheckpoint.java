package dev.logsieve.llm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The safetensors files of a Hugging Face checkpoint folder, as one set of named tensors:
 * {@code model.safetensors.index.json} (sharded: its {@code weight_map} names each tensor's file)
 * when present, else {@code model.safetensors}, else every {@code *.safetensors} of the folder.
 * Reads are delegated to {@link SafetensorsReader}. Not thread-safe; {@link #close()} closes the files.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {

    /** Index file of a sharded checkpoint. */
    public static final String INDEX = "model.safetensors.index.json";
    /** The single file of an unsharded checkpoint. */
    public static final String SINGLE = "model.safetensors";

    private final Path dir;
    private final List<SafetensorsReader> readers;
    private final Map<String, SafetensorsReader> byTensor;

    private SafetensorsCheckpoint(Path dir, List<SafetensorsReader> readers, Map<String, SafetensorsReader> byTensor) {
        this.dir = dir;
        this.readers = readers;
        this.byTensor = byTensor;
    }

    /** Opens the safetensors files of a folder (headers only). */
    public static SafetensorsCheckpoint open(Path dir) throws IOException {
        List<Path> files = files(dir);
        List<SafetensorsReader> readers = new ArrayList<>();
        Map<String, SafetensorsReader> byTensor = new LinkedHashMap<>();
        try {
            for (Path f : files) {
                SafetensorsReader r = SafetensorsReader.open(f);
                readers.add(r);
                for (String name : r.entries().keySet()) {
                    SafetensorsReader before = byTensor.putIfAbsent(name, r);
                    if (before != null) {
                        throw new IOException("tensor " + name + " is in both " + before.file() + " and " + f);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            for (SafetensorsReader r : readers) {
                r.close();
            }
            throw e;
        }
        return new SafetensorsCheckpoint(dir, readers, byTensor);
    }

    private static List<Path> files(Path dir) throws IOException {
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            JsonNode map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
            if (!map.isObject() || map.isEmpty()) {
                throw new IOException(index + " has no weight_map");
            }
            TreeSet<String> names = new TreeSet<>();
            for (Iterator<JsonNode> it = map.elements(); it.hasNext();) {
                names.add(it.next().asText());
            }
            List<Path> files = new ArrayList<>();
            for (String n : names) {
                Path f = dir.resolve(n);
                if (!Files.isRegularFile(f)) {
                    throw new IOException(index + " names " + n + ", which is not in " + dir);
                }
                files.add(f);
            }
            return files;
        }
        if (Files.isRegularFile(dir.resolve(SINGLE))) {
            return List.of(dir.resolve(SINGLE));
        }
        TreeSet<Path> found = new TreeSet<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.safetensors")) {
                s.forEach(found::add);
            }
        }
        if (found.isEmpty()) {
            throw new IOException("no " + SINGLE + ", " + INDEX + " or other *.safetensors file in " + dir);
        }
        return new ArrayList<>(found);
    }

    /** Whether the checkpoint holds a tensor. */
    public boolean contains(String name) {
        return byTensor.containsKey(name);
    }

    /** The header entry of a tensor; fails naming the tensor and the folder when absent. */
    public SafetensorsReader.Entry entry(String name) {
        return reader(name).entry(name);
    }

    /** The file holding a tensor. */
    public Path fileOf(String name) {
        return reader(name).file();
    }

    /** A whole tensor as float32 (see {@link SafetensorsReader#read}). */
    public float[] read(String name) throws IOException {
        return reader(name).read(name);
    }

    /** Rows of a matrix as float32 (see {@link SafetensorsReader#readRows}). */
    public float[] readRows(String name, int[] rows) throws IOException {
        return reader(name).readRows(name, rows);
    }

    private SafetensorsReader reader(String name) {
        SafetensorsReader r = byTensor.get(name);
        if (r == null) {
            throw new IllegalArgumentException("the checkpoint in " + dir + " has no tensor " + name);
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        for (SafetensorsReader r : readers) {
            r.close();
        }
    }
}
