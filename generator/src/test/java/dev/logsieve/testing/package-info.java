/**
 * Test support shared by every module's tests: {@link dev.logsieve.testing.SharedData} finds the
 * labeled data sets in {@code ../shared/datasets} and skips a test when one is absent. It lives in
 * the generator module, the lowest one whose tests read data sets, and reaches the others through
 * this module's test-jar.
 */
package dev.logsieve.testing;
