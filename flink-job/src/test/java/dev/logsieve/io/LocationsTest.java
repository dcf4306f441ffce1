package dev.logsieve.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logsieve.testing.ElsewhereFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locations given as paths or file system URIs. Remote ones are served by
 * {@link ElsewhereFileSystem}, a stand-in for S3 or HDFS (neither runs here).
 */
class LocationsTest {
    @TempDir
    Path dir;

    @Test
    void aLocalPathOrFileUriIsReadWhereItIs() throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        assertThat(Locations.local(bundle.toString())).isEqualTo(bundle);
        assertThat(Locations.local(bundle.toUri().toString())).isEqualTo(bundle);
        assertThat(Locations.isLocal("s3://bucket/bundle")).isFalse();
    }

    @Test
    void aRemoteDirectoryIsCopiedWholeOnceAndAgainWhenItChanges() throws Exception {
        Path remote = Files.createDirectories(dir.resolve("remote-bundle"));
        Files.writeString(remote.resolve("manifest.json"), "{\"version\":1}");
        Files.createDirectories(remote.resolve("llm"));
        Files.writeString(remote.resolve("llm").resolve("tokenizer.json"), "{}");
        String uri = ElsewhereFileSystem.uri(remote);

        Path copy = Locations.local(uri);
        assertThat(copy).isNotEqualTo(remote).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(Files.readString(copy.resolve("manifest.json"))).isEqualTo("{\"version\":1}");
        assertThat(copy.resolve("llm").resolve("tokenizer.json")).exists();
        assertThat(Locations.local(uri)).as("unchanged: the same copy").isEqualTo(copy);

        Files.writeString(remote.resolve("manifest.json"), "{\"version\":22}"); // a new bundle at the same place
        Path again = Locations.local(uri);
        assertThat(again).isNotEqualTo(copy);
        assertThat(Files.readString(again.resolve("manifest.json"))).isEqualTo("{\"version\":22}");
    }

    @Test
    void aDirectoryOfLogsStandsForTheVisibleFilesInItInOrder() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("b.log"), "x\n");
        Files.writeString(logs.resolve("a.log"), "xy\n");
        Files.writeString(logs.resolve(".a.log.inprogress"), "being written\n");
        Files.createDirectories(logs.resolve("sub"));

        List<String> files = Locations.files(List.of(ElsewhereFileSystem.uri(logs)));
        assertThat(files).hasSize(2);
        assertThat(files.get(0)).endsWith("/a.log");
        assertThat(files.get(1)).endsWith("/b.log");
        assertThat(Locations.size(files)).isEqualTo(5);
        assertThatThrownBy(() -> Locations.files(List.of(ElsewhereFileSystem.uri(dir.resolve("none")))))
                .hasMessageContaining("input not found");
    }
}
