package dev.logsieve.generate;

import static dev.logsieve.generate.HdfsEvents.*;

import dev.logsieve.generate.HdfsEvents.Block;
import dev.logsieve.generate.HdfsEvents.Ev;
import java.time.LocalDate;

/**
 * Renders events as lines of the {@code hdfs} format
 * ({@code <Date> <Time> <Pid> <Level> <Component>: <Content>}), with the texts of the HDFS_v1
 * templates. Not thread-safe (one reused buffer and a date cache); one per line iterator.
 */
final class LineRenderer {
    private static final String[] WRITE_EXCEPTIONS = {
        "java.io.IOException: Could not read from stream",
        "java.io.EOFException",
        "java.io.IOException: Connection reset by peer",
        "java.io.IOException: Interrupted receiveBlock",
    };

    private final String[] ips;
    private final String jobId;
    private final StringBuilder sb = new StringBuilder(256);
    private long cachedDay = Long.MIN_VALUE;
    private String cachedDate;

    /**
     * @param ips   the datanodes' addresses
     * @param jobId the MapReduce job id in file names
     */
    LineRenderer(String[] ips, String jobId) {
        this.ips = ips;
        this.jobId = jobId;
    }

    /** The line of event {@code e}, stamped with second {@code t} (UTC). */
    String render(Ev e, long t) {
        StringBuilder s = sb;
        s.setLength(0);
        long day = Math.floorDiv(t, 86_400L);
        if (day != cachedDay) {
            LocalDate d = LocalDate.ofEpochDay(day);
            cachedDate = String.format("%02d%02d%02d", d.getYear() % 100, d.getMonthValue(), d.getDayOfMonth());
            cachedDay = day;
        }
        int sec = (int) Math.floorMod(t, 86_400L);
        s.append(cachedDate).append(' ');
        two(s, sec / 3600);
        two(s, sec / 60 % 60);
        two(s, sec % 60);
        s.append(' ').append(e.pid).append(' ');
        Block b = e.block;
        String id = b.id;
        switch (e.type) {
            case ALLOCATE -> {
                s.append("INFO dfs.FSNamesystem: BLOCK* NameSystem.allocateBlock: /user/root/").append(b.dir)
                        .append("/_temporary/_task_").append(jobId).append("_m_");
                pad(s, b.task, 6);
                s.append("_0/part-");
                pad(s, b.task, 5);
                s.append(". ").append(id);
            }
            case RECEIVING -> s.append("INFO dfs.DataNode$DataXceiver: Receiving block ").append(id)
                    .append(" src: /").append(ips[e.a]).append(':').append(e.c)
                    .append(" dest: /").append(ips[e.a]).append(":50010");
            case PR_TERMINATING -> s.append("INFO dfs.DataNode$PacketResponder: PacketResponder ").append(e.a)
                    .append(" for block ").append(id).append(" terminating");
            case RECEIVED_FROM -> s.append("INFO dfs.DataNode$PacketResponder: Received block ").append(id)
                    .append(" of size ").append(b.size).append(" from /").append(ips[e.a]);
            case ADDED -> s.append("INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: ")
                    .append(ips[e.a]).append(":50010 is added to ").append(id).append(" size ").append(b.size);
            case VERIFIED -> s.append("INFO dfs.DataBlockScanner: Verification succeeded for ").append(id);
            case SERVED -> s.append("INFO dfs.DataNode$DataXceiver: ").append(ips[e.a]).append(":50010 Served block ")
                    .append(id).append(" to /").append(ips[e.c]);
            case GOT_EXC_SERVING -> s.append("WARN dfs.DataNode$DataXceiver: ").append(ips[e.a])
                    .append(":50010:Got exception while serving ").append(id).append(" to /").append(ips[e.c]).append(':');
            case DELETE_INVALID -> s.append("INFO dfs.FSNamesystem: BLOCK* NameSystem.delete: ").append(id)
                    .append(" is added to invalidSet of ").append(ips[e.a]).append(":50010");
            case DELETING -> {
                s.append("INFO dfs.FSDataset: Deleting block ").append(id).append(" file /mnt/hadoop/dfs/data/current/");
                if (e.a >= 0) s.append("subdir").append(e.a).append('/');
                s.append(id);
            }
            case ASK_REPLICATE -> s.append("INFO dfs.FSNamesystem: BLOCK* ask ").append(ips[e.a]).append(":50010 to replicate ")
                    .append(id).append(" to datanode(s) ").append(ips[e.c]).append(":50010");
            case START_TRANSFER -> s.append("INFO dfs.DataNode: ").append(ips[e.a]).append(":50010 Starting thread to transfer block ")
                    .append(id).append(" to ").append(ips[e.c]).append(":50010");
            case TRANSMITTED -> s.append("INFO dfs.DataNode$DataTransfer: ").append(ips[e.a]).append(":50010:Transmitted block ")
                    .append(id).append(" to /").append(ips[e.c]).append(":50010");
            case RECEIVED_SRC_DEST -> s.append("INFO dfs.DataNode$DataXceiver: Received block ").append(id)
                    .append(" src: /").append(ips[e.a]).append(':').append(e.c).append(" dest: /").append(ips[e.a])
                    .append(":50010 of size ").append(b.size);
            case WRITE_EXC -> s.append("INFO dfs.DataNode$DataXceiver: writeBlock ").append(id)
                    .append(" received exception ").append(WRITE_EXCEPTIONS[e.a]);
            case PR_EXC -> {
                s.append("INFO dfs.DataNode$PacketResponder: PacketResponder ").append(id).append(' ').append(e.c);
                if (e.a == 0) {
                    s.append(" Exception java.net.SocketTimeoutException: 120000 millis timeout while waiting for channel"
                            + " to be ready for read. ch : java.nio.channels.SocketChannel[connected local=/")
                            .append(ips[b.nodes[e.c]]).append(':').append(e.d).append(" remote=/")
                            .append(ips[b.nodes[(e.c + 1) % 3]]).append(":50010]");
                } else {
                    s.append(" Exception java.io.InterruptedIOException: Interruped while waiting for IO on channel"
                            + " java.nio.channels.SocketChannel[closed]. ").append(e.d).append(" millis timeout left.");
                }
            }
            case PR_INTERRUPTED -> s.append("INFO dfs.DataNode$PacketResponder: PacketResponder ").append(e.a)
                    .append(" for block ").append(id).append(" Interrupted.");
            case RECV_EXC -> {
                s.append("INFO dfs.DataNode$BlockReceiver: Exception in receiveBlock for block ").append(id).append(' ');
                switch (e.a) {
                    case 1 -> s.append("java.io.EOFException");
                    case 2 -> s.append("java.io.IOException: Connection reset by peer");
                    default -> s.append("java.io.InterruptedIOException: Interruped while waiting for IO on channel"
                            + " java.nio.channels.SocketChannel[connected local=/").append(ips[e.c])
                            .append(":50010 remote=/").append(ips[b.nodes[0]]).append(':').append(e.d)
                            .append("]. 0 millis timeout left.");
                }
            }
            case MIRROR_EXC -> s.append("INFO dfs.DataNode$BlockReceiver: ").append(ips[e.a])
                    .append(":50010:Exception writing block ").append(id).append(" to mirror ").append(ips[e.c]).append(":50010");
            case CHANGING_OFFSET -> s.append("INFO dfs.DataNode$BlockReceiver: Changing block file offset of block ").append(id)
                    .append(" from 0 to ").append(e.a).append(" meta file offset to ").append(e.c);
            case EMPTY_PACKET -> s.append("INFO dfs.DataNode$BlockReceiver: Receiving empty packet for block ").append(id);
            case REDUNDANT_ADD -> s.append("WARN dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: Redundant addStoredBlock request received for ")
                    .append(id).append(" on ").append(ips[e.a]).append(":50010 size ").append(b.size);
            case NOT_BELONG -> s.append("INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: addStoredBlock request received for ")
                    .append(id).append(" on ").append(ips[e.a]).append(":50010 size ").append(b.size)
                    .append(" But it does not belong to any file.");
            case UNEXPECTED_DELETE -> s.append("WARN dfs.FSDataset: Unexpected error trying to delete block ").append(id)
                    .append(". BlockInfo not found in volumeMap.");
            case ASK_DELETE -> s.append("INFO dfs.FSNamesystem: BLOCK* ask ").append(ips[e.a]).append(":50010 to delete  ").append(id);
            default -> throw new IllegalStateException("event type " + e.type);
        }
        return s.toString();
    }

    private void two(StringBuilder s, int v) {
        s.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private void pad(StringBuilder s, int v, int width) {
        String x = Integer.toString(v);
        for (int i = x.length(); i < width; i++) s.append('0');
        s.append(x);
    }
}
