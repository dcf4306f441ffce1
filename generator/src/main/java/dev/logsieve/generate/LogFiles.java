package dev.logsieve.generate;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Opens text files, gzip-compressed when the name ends in {@code .gz}. */
final class LogFiles {
    private static final int BUFFER = 1 << 16;

    private LogFiles() {}

    static boolean gzip(Path p) {
        return p.getFileName().toString().endsWith(".gz");
    }

    static BufferedReader reader(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        if (gzip(p)) in = new GZIPInputStream(in, BUFFER);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
    }

    static BufferedWriter writer(Path p) throws IOException {
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        OutputStream out = Files.newOutputStream(p);
        if (gzip(p)) out = new GZIPOutputStream(out, BUFFER);
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
    }

    /** A bijective 64-bit mixer (the splitmix64 finalizer): distinct inputs give distinct outputs. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
