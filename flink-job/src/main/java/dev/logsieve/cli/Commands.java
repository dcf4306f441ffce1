package dev.logsieve.cli;

import picocli.CommandLine;

/** Small things every command needs: the parallelism default and the way errors are shown. */
public final class Commands {
    private Commands() {}

    /** The parallelism asked for, checked, or the number of cores. */
    public static int parallelism(InputOptions input, Integer asked) {
        if (asked == null) {
            return Math.max(1, Runtime.getRuntime().availableProcessors());
        }
        if (asked < 1) {
            throw input.bad("--parallelism", "must be at least 1, got " + asked);
        }
        return asked;
    }

    /**
     * Runs a command line: usage errors name the option, add a one-line hint (not the whole usage,
     * which would push the message off the screen) and exit 2; a failure prints its message (not a
     * stack trace, unless LOGSIEVE_DEBUG is set) and exits 1.
     */
    public static int execute(Object command, String... args) {
        return execute(command, null, null, args);
    }

    /** As {@link #execute(Object, String...)}, writing to the given streams (null: standard ones). */
    public static int execute(Object command, java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(command);
        if (out != null) {
            cl.setOut(out);
        }
        if (err != null) {
            cl.setErr(err);
        }
        cl.setParameterExceptionHandler((ex, given) -> {
            CommandLine failed = ex.getCommandLine();
            java.io.PrintWriter e = failed.getErr();
            String name = failed.getCommandSpec().qualifiedName();
            e.println(name + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.println("Run '" + name + " --help' for its options.");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("logsieve " + line.getCommandName() + ": " + message(ex));
            if (System.getenv("LOGSIEVE_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            } else {
                line.getErr().println("(set LOGSIEVE_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        return cl.execute(args);
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }
}
