/**
 * Turning masked lines into sequences: event-time sessions per key (or whole-input groups for
 * bounded runs), count windows (size, step) and tumbling time windows, with late lines sent to a
 * side output instead of being dropped.
 */
package dev.logsieve.window;
