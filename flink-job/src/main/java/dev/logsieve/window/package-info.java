/**
 * Turning masked lines into sequences: event-time sessions per key (or whole-input groups for
 * bounded runs), count windows (size, step; streaming: over a whole stream put back into event-time
 * order, a window not yet full judged after a timeout) and tumbling time windows, with late lines
 * sent to a side output instead of being dropped.
 */
package dev.logsieve.window;
