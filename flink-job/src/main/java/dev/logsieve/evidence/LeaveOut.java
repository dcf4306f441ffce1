package dev.logsieve.evidence;

import dev.logsieve.event.MemberReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequence without one template's lines, for each of its templates: what the MLP and the LLM
 * member are asked again to find the messages that moved their score most. A template is left out
 * whole (every line of it), since the count-feature members see a template's count, not its lines.
 *
 * @param templateId the template left out
 * @param position   its first line, 1-based
 * @param text       that line's masked message, or null when the sequence carries none
 * @param occurrences its lines in the sequence
 * @param templateIds the sequence without them
 * @param messages    the messages without them, or null
 */
public record LeaveOut(long templateId, int position, String text, int occurrences, long[] templateIds, String[] messages) {
    /** At most this many templates are left out, in order of first line; longer sequences keep the rest in. */
    public static final int MAX_TEMPLATES = 32;
    /** An explanation names this many influential templates. */
    public static final int SHOWN = 3;

    /**
     * One variant per distinct template among the first {@code maxLines} lines (at most
     * {@link #MAX_TEMPLATES}); none for a sequence of a single template (leaving it out leaves nothing).
     */
    public static List<LeaveOut> of(long[] ids, String[] messages, int maxLines) {
        return of(ids, messages, maxLines, MAX_TEMPLATES);
    }

    /** As {@link #of(long[], String[], int)}, leaving out at most {@code maxTemplates} templates. */
    public static List<LeaveOut> of(long[] ids, String[] messages, int maxLines, int maxTemplates) {
        // Per template: its first line (only those first seen in the first maxLines count) and its lines in all.
        Map<Long, int[]> firstAndCount = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            int at = i;
            int[] fc = i < maxLines ? firstAndCount.computeIfAbsent(ids[i], k -> new int[] {at, 0}) : firstAndCount.get(ids[i]);
            if (fc != null) {
                fc[1]++;
            }
        }
        List<LeaveOut> out = new ArrayList<>();
        if (firstAndCount.size() < 2) {
            return out;
        }
        for (Map.Entry<Long, int[]> e : firstAndCount.entrySet()) {
            if (out.size() == maxTemplates) {
                break;
            }
            long id = e.getKey();
            int first = e.getValue()[0];
            int occurrences = e.getValue()[1];
            long[] keptIds = new long[ids.length - occurrences];
            String[] keptMessages = messages == null ? null : new String[keptIds.length];
            for (int i = 0, j = 0; i < ids.length; i++) {
                if (ids[i] != id) {
                    keptIds[j] = ids[i];
                    if (keptMessages != null) {
                        keptMessages[j] = messages[i];
                    }
                    j++;
                }
            }
            out.add(new LeaveOut(id, first + 1, messages == null ? null : messages[first], occurrences, keptIds, keptMessages));
        }
        return out;
    }

    /**
     * The {@link #SHOWN} variants whose score fell most below {@code base}, as influences (largest
     * drop first; a negative drop means the lines made the sequence look more normal).
     *
     * @param scores the member's score of each variant, aligned with {@code variants}
     */
    public static MemberReason.Influence[] strongest(List<LeaveOut> variants, double base, double[] scores) {
        List<MemberReason.Influence> all = new ArrayList<>(variants.size());
        for (int i = 0; i < variants.size(); i++) {
            LeaveOut v = variants.get(i);
            all.add(new MemberReason.Influence(v.position, v.templateId, v.text, v.occurrences, base - scores[i]));
        }
        all.sort(Comparator.comparingDouble((MemberReason.Influence f) -> -f.drop).thenComparingInt(f -> f.position));
        return all.subList(0, Math.min(SHOWN, all.size())).toArray(MemberReason.Influence[]::new);
    }
}
