/** The job's architecture as tests: package and module rules checked with ArchUnit on the compiled classes. */
package dev.logsieve.architecture;
