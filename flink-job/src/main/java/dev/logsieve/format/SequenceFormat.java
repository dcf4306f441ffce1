package dev.logsieve.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.logsieve.event.Labels;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sequences} input: one JSON object per line, each a whole sequence, so this is not a
 * {@link LineFormat}.
 *
 * <pre>
 * {"id": "blk_42", "messages": ["Receiving block &lt;*&gt;", "..."], "label": 0}
 * </pre>
 *
 * <ul>
 *   <li>{@code messages}: array of strings, required and not empty;
 *   <li>{@code id}: string or number, optional; when absent {@link Entry#id} is null and the caller
 *       uses the line number;
 *   <li>{@code label}: 0 (normal) or 1 (anomalous), optional ({@link Labels#UNKNOWN} when absent or
 *       null).
 * </ul>
 *
 * The shape of the shared BGL windows ({@code bgl/bgl_windows100_train.jsonl.gz}) is read too:
 * {@code {"start": 0, "label": 0, "line_labels": [...], "templates": [...]}} — {@code templates} is
 * used when {@code messages} is absent, {@code start} is the id when {@code id} is absent, and
 * {@code line_labels} (0/1 per message, same length as the messages) is kept in
 * {@link Entry#lineLabels}. Other fields are skipped.
 *
 * <p>Parsed with Jackson's streaming parser (no tree, no data binding). Malformed JSON, a missing or
 * empty messages array, a non-string message or a label other than 0/1 give a
 * {@link MalformedLineException} naming the problem. Stateless and thread-safe.
 */
public final class SequenceFormat implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "sequences";

    /** Thread-safe and reusable; creating parsers from it is cheap. */
    private static final JsonFactory JSON = new JsonFactory();

    /** One parsed line: a whole sequence. */
    public static final class Entry {
        /** The sequence id, or null when the line has none (use the line number). */
        public final String id;
        /** The messages (raw lines or templates), in order; never empty. */
        public final String[] messages;
        /** {@link Labels#NORMAL}, {@link Labels#ANOMALOUS} or {@link Labels#UNKNOWN}. */
        public final int label;
        /** Per-message labels (0/1) when the line has {@code line_labels}, else null. */
        public final int[] lineLabels;

        public Entry(String id, String[] messages, int label, int[] lineLabels) {
            this.id = id;
            this.messages = messages;
            this.label = label;
            this.lineLabels = lineLabels;
        }
    }

    public String name() {
        return NAME;
    }

    /**
     * Parses one line.
     *
     * @throws MalformedLineException when the line is not a sequence object (the message says why)
     */
    public Entry parse(String line) throws MalformedLineException {
        if (line == null) {
            throw new MalformedLineException("no line (null)");
        }
        if (line.isBlank()) {
            throw new MalformedLineException("empty line");
        }
        String id = null;
        String start = null;
        String[] messages = null;
        String[] templates = null;
        int label = Labels.UNKNOWN;
        int[] lineLabels = null;
        try (JsonParser p = JSON.createParser(line)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new MalformedLineException("expected a JSON object {\"messages\": [...], ...} but the line"
                        + " starts with " + describe(t));
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "id":
                        id = scalar(p, v, "id");
                        break;
                    case "start":
                        start = scalar(p, v, "start");
                        break;
                    case "messages":
                        messages = strings(p, v, "messages");
                        break;
                    case "templates":
                        templates = strings(p, v, "templates");
                        break;
                    case "label":
                        label = label(p, v);
                        break;
                    case "line_labels":
                        lineLabels = zeroOnes(p, v);
                        break;
                    default:
                        p.skipChildren();
                        break;
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new MalformedLineException("bad JSON: expected a field name or '}' but found " + describe(t));
            }
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new MalformedLineException("text after the JSON object: " + describe(after));
            }
        } catch (JsonProcessingException e) {
            throw new MalformedLineException("bad JSON: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw new MalformedLineException("bad JSON: " + e);
        }
        String[] msgs = messages != null ? messages : templates;
        if (msgs == null) {
            throw new MalformedLineException("no \"messages\" (or \"templates\") array in the object");
        }
        if (msgs.length == 0) {
            throw new MalformedLineException("the sequence has no messages (empty array)");
        }
        if (lineLabels != null && lineLabels.length != msgs.length) {
            throw new MalformedLineException("\"line_labels\" has " + lineLabels.length + " entries but there are "
                    + msgs.length + " messages");
        }
        return new Entry(id != null ? id : start, msgs, label, lineLabels);
    }

    private static String scalar(JsonParser p, JsonToken v, String field) throws IOException, MalformedLineException {
        switch (v) {
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getText();
            case VALUE_NULL:
                return null;
            default:
                throw new MalformedLineException("\"" + field + "\" must be a string or a number but is " + describe(v));
        }
    }

    private static String[] strings(JsonParser p, JsonToken v, String field) throws IOException, MalformedLineException {
        if (v != JsonToken.START_ARRAY) {
            throw new MalformedLineException("\"" + field + "\" must be an array of strings but is " + describe(v));
        }
        List<String> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw new MalformedLineException("\"" + field + "\"[" + out.size() + "] must be a string but is "
                        + describe(t));
            }
            out.add(p.getText());
        }
        return out.toArray(new String[0]);
    }

    private static int label(JsonParser p, JsonToken v) throws IOException, MalformedLineException {
        if (v == JsonToken.VALUE_NULL) {
            return Labels.UNKNOWN;
        }
        if (v == JsonToken.VALUE_NUMBER_INT) {
            String text = p.getText();
            if (text.equals("0")) {
                return Labels.NORMAL;
            }
            if (text.equals("1")) {
                return Labels.ANOMALOUS;
            }
            throw new MalformedLineException("\"label\" must be 0 or 1 but is " + Scan.quote(text));
        }
        throw new MalformedLineException("\"label\" must be 0 or 1 but is " + describe(v)
                + (v.isScalarValue() ? " " + Scan.quote(p.getText()) : ""));
    }

    private static int[] zeroOnes(JsonParser p, JsonToken v) throws IOException, MalformedLineException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_ARRAY) {
            throw new MalformedLineException("\"line_labels\" must be an array of 0/1 but is " + describe(v));
        }
        int[] out = new int[16];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String text = t == JsonToken.VALUE_NUMBER_INT ? p.getText() : null;
            if (!"0".equals(text) && !"1".equals(text)) {
                throw new MalformedLineException("\"line_labels\"[" + n + "] must be 0 or 1 but is " + describe(t));
            }
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n++] = text.charAt(0) - '0';
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the line";
        }
        switch (t) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return t.asString() != null ? "'" + t.asString() + "'" : t.name();
        }
    }
}
