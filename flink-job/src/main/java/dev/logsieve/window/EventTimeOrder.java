package dev.logsieve.window;

import dev.logsieve.event.KeyedLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Puts a key's lines back into event-time order when they arrive interleaved from several sources
 * (a topic's partitions, each in order, read side by side). A line is held in keyed state under its
 * timestamp, with an event-time timer at that timestamp; when the watermark passes it, every line
 * of that timestamp has arrived, and the timers fire in timestamp order, so releasing a timestamp's
 * lines at its timer gives them out in event-time order. Lines of equal timestamp come out by
 * source, then line number (for Kafka: partition, then offset), which is not necessarily the
 * order in which their producer wrote them.
 *
 * <p>A line whose timestamp the watermark has already passed can no longer take its place: {@link
 * #hold} refuses it and the caller sends it to the dead letters.
 *
 * <p>The owner's {@code onTimer} calls {@link #release} with each timer's timestamp; the owner may
 * register timers of its own, and a timer at a timestamp with no held lines releases nothing.
 */
final class EventTimeOrder {
    /** The order of lines with equal timestamps. */
    static final Comparator<KeyedLine> TIES =
            Comparator.<KeyedLine, String>comparing(l -> l.key).thenComparingLong(l -> l.lineNumber);

    private final MapState<Long, List<KeyedLine>> held;

    /** Opens the state in the owner's {@code open()}; {@code name} names it for savepoints. */
    EventTimeOrder(RuntimeContext ctx, String name) {
        held = ctx.getMapState(new MapStateDescriptor<>(name, Types.LONG,
                Types.LIST(TypeInformation.of(KeyedLine.class))));
    }

    /**
     * Holds {@code line} until the watermark passes {@code time}.
     *
     * @return false, holding nothing, when the watermark has passed {@code time} already (a late line)
     */
    boolean hold(KeyedLine line, long time, TimerService timers) throws Exception {
        if (time <= timers.currentWatermark()) {
            return false;
        }
        List<KeyedLine> at = held.get(time);
        if (at == null) {
            at = new ArrayList<>(1);
            timers.registerEventTimeTimer(time);
        }
        at.add(line);
        held.put(time, at);
        return true;
    }

    /** The lines held at {@code time}, in order and no longer held; empty when there are none. */
    List<KeyedLine> release(long time) throws Exception {
        List<KeyedLine> at = held.get(time);
        if (at == null) {
            return List.of();
        }
        held.remove(time);
        at.sort(TIES);
        return at;
    }

    void clear() {
        held.clear();
    }
}
