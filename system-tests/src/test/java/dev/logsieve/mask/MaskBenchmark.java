package dev.logsieve.mask;

import dev.logsieve.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the two maskers, in lines per second (one operation = one line).
 *
 * <p>The corpus is {@value #CORPUS_SIZE} lines: every line of the LogHub 2k samples
 * ({@code ../shared/datasets/loghub_2k}, all 16 systems) taken round-robin across systems when
 * present, else a built-in list of representative lines repeated. Run from the repository root:
 *
 * <pre>
 * ./logsieve jmh MaskBenchmark -f 1 -wi 2 -i 3 -t 1
 * </pre>
 *
 * <p>Each fork's heap is fixed at 2 GB and touched before the benchmark starts
 * ({@code -XX:+AlwaysPreTouch}). Without that, the first two 2-second warm-up iterations of every fork
 * ran at about half the speed of the later ones, with no compilation of the masker after the first
 * 1.3 seconds, which fits its garbage (about 130 bytes a line) going into heap pages the JVM was
 * using for the first time. With it, forks reach their speed in the second warm-up iteration. A command line's own
 * {@code -jvmArgsAppend} replaces these. {@link MaskPairedBenchmark} compares two builds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@OutputTimeUnit(TimeUnit.SECONDS)
public class MaskBenchmark {

    /** Lines per benchmark invocation. */
    public static final int CORPUS_SIZE = 8192;

    private static final String[] SYSTEMS = {"Android", "Apache", "BGL", "HDFS", "HPC", "Hadoop", "HealthApp",
        "Linux", "Mac", "OpenSSH", "OpenStack", "Proxifier", "Spark", "Thunderbird", "Windows", "Zookeeper"};

    /** Used when the LogHub samples are absent. */
    static final String[] BUILT_IN = {
        "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating",
        "081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating",
        "081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864",
        "081109 204015 308 INFO dfs.DataNode$PacketResponder: Received block blk_8229193803249955061 of size 67108864 from /10.250.11.100",
        "081109 204106 329 INFO dfs.DataNode$DataXceiver: Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010",
        "081109 204132 26 INFO dfs.FSNamesystem: BLOCK* NameSystem.allocateBlock: /user/root/rand/_temporary/_task_200811092030_0001_m_000590_0/part-00590. blk_-1727475099218615100",
        "081109 205931 13 INFO dfs.DataBlockScanner: Verification succeeded for blk_-4980916519894289629",
        "081110 103509 32 INFO dfs.FSNamesystem: BLOCK* ask 10.251.126.5:50010 to replicate blk_-7571492020523929240 to datanode(s) 10.251.107.19:50010",
        "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected",
        "- 1117848119 2005.06.03 R16-M1-N2-C:J17-U01 2005-06-03-18.21.59.871925 R16-M1-N2-C:J17-U01 RAS KERNEL INFO CE sym 2, at 0x0b85eee0, mask 0x05",
        "APPREAD 1117869872 2005.06.04 R04-M1-N4-I:J18-U11 2005-06-04-00.24.32.432192 R04-M1-N4-I:J18-U11 RAS APP FATAL ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.116:33569",
        "- 1117955341 2005.06.05 R25-M0-N7-C:J02-U01 2005-06-05-00.09.01.903770 R25-M0-N7-C:J02-U01 RAS KERNEL INFO generating core.2275",
        "KERNDTLB 1118536327 2005.06.11 R30-M0-N9-C:J16-U01 2005-06-11-17.32.07.581048 R30-M0-N9-C:J16-U01 RAS KERNEL FATAL data TLB error interrupt",
        "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root",
        "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session opened for user root by (uid=0)",
        "- 1131567144 2005.11.09 tbird-admin1 Nov 10 00:12:24 local@tbird-admin1 postfix/postdrop[10896]: warning: unable to look up public/pickup: No such file or directory",
        "- 1131568237 2005.11.09 aadmin1 Nov 10 00:30:37 src@aadmin1 in.tftpd[14620]: tftp: client does not accept options",
        "Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!",
        "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186",
        "Dec 10 06:55:48 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2",
        "Dec 10 07:07:38 LabSZ sshd[24206]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=52.80.34.196  user=root",
        "Dec 10 07:08:28 LabSZ sshd[24208]: Received disconnect from 52.80.34.196: 11: Bye Bye [preauth]",
        "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4",
        "Jun 15 04:06:18 combo su(pam_unix)[21416]: session opened for user cyrus by (uid=0)",
        "Jun 17 07:07:00 combo ftpd[29504]: connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Fri Jun 17 07:07:00 2005",
        "Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: IOThunderboltSwitch<0>(0x0)::listenerCallback - Thunderbolt HPD packet for route = 0x0 port = 11 unplug = 0",
        "Jul  1 09:01:05 calvisitor-10-105-160-95 com.apple.CDScheduler[43]: Thermal pressure state: 1 Memory pressure state: 0",
        "17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]",
        "17/06/09 20:10:41 INFO spark.SecurityManager: Changing view acls to: yarn,curi",
        "17/06/09 20:10:46 INFO storage.BlockManager: Found block rdd_2_0 locally",
        "17/06/09 20:11:11 INFO storage.MemoryStore: Block broadcast_1_piece0 stored as bytes in memory (estimated size 2.1 KB, free 2.1 KB)",
        "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200",
        "2015-07-29 19:04:12,394 - INFO  [/10.10.34.11:3888:QuorumCnxManager$Listener@493] - Received connection request /10.10.34.11:45307",
        "2015-07-29 19:21:35,178 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@679] - Interrupted while waiting for message on queue",
        "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001",
        "2015-10-18 18:01:50,353 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: OutputCommitter set in config null",
        "2015-10-18 18:01:52,069 INFO [main] org.apache.hadoop.yarn.client.RMProxy: Connecting to ResourceManager at msra-sa-41/10.190.173.170:8030",
        "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties",
        "[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6",
        "[Sun Dec 04 04:51:08 2005] [notice] jk2_init() Found child 6725 in scoreboard slot 10",
        "2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505 with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_6.1.7601.23505_none_681aa442f6fed7f0\\cbscore.dll",
        "2016-09-28 04:30:31, Info                  CSI    00000001@2016/9/27:20:30:31.455 WcpInitialize (wcp.dll version 0.0.0.6) called (stack @0x7fed806eb5d @0x7fef9fb9b6d @0x7fef9f8358f)",
        "2016-09-28 04:30:31, Info                  CBS    Ending TrustedInstaller initialization.",
        "03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63 token=Token{a64f992 ActivityRecord{de9231d u0 com.tencent.qt.qtl/.activity.info.NewsDetailXmlActivity t761}}}, allDrawn= false, startingDisplayed =  false, startingMoved =  false, isRelaunching =  false",
        "03-17 16:13:38.819  1702  8671 D PowerManagerService: acquire lock=233570404, flags=0x1, tag=\"View Lock\", name=com.android.systemui, ws=null, uid=10037, pid=2227",
        "20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579",
        "20171223-22:15:29:615|Step_SPUtils|30002312| getTodayTotalDetailSteps = 1514038440000##6993##548365##8661##12266##27164404",
        "[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS",
        "[10.30 16:49:07] chrome.exe - proxy.cse.cuhk.edu.hk:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01",
        "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] 10.11.10.1 \"GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829",
        "134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=1973)",
    };

    private String[] corpus;

    @Setup
    public void load() throws IOException {
        corpus = corpus();
    }

    /** The {@value #CORPUS_SIZE} lines every benchmark of masking runs over (see the class comment). */
    static String[] corpus() throws IOException {
        List<List<String>> perSystem = new ArrayList<>();
        for (String system : SYSTEMS) {
            Path p = SharedData.datasets().resolve("loghub_2k/" + system + "/" + system + "_2k.log");
            if (Files.exists(p)) {
                perSystem.add(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
        }
        if (perSystem.isEmpty()) {
            perSystem.add(List.of(BUILT_IN));
        }
        String[] corpus = new String[CORPUS_SIZE];
        for (int i = 0; i < CORPUS_SIZE; i++) {
            List<String> lines = perSystem.get(i % perSystem.size());
            corpus[i] = lines.get((i / perSystem.size()) % lines.size());
        }
        return corpus;
    }

    @Benchmark
    @OperationsPerInvocation(CORPUS_SIZE)
    public void logMasker(Blackhole bh) {
        for (String line : corpus) {
            bh.consume(LogMasker.mask(line));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CORPUS_SIZE)
    public void regexMasker(Blackhole bh) {
        for (String line : corpus) {
            bh.consume(RegexMasker.mask(line));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CORPUS_SIZE)
    public void logMaskerAndTemplateId(Blackhole bh) {
        for (String line : corpus) {
            bh.consume(TemplateIds.of(LogMasker.mask(line)));
        }
    }
}
