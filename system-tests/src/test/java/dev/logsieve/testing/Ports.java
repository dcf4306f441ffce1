package dev.logsieve.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Local TCP ports for servers that the tests and benchmarks start. */
public final class Ports {
    private Ports() {}

    /** A port that was free a moment ago (the operating system's choice); a server started next can bind it. */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
