package org.peerline.launcher.logging;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.event.Level;

/**
 * Where the node's log goes: every message at or above the file level to {@code peerline.log.file} (with stack
 * traces), and WARN and above to the console as one line each. Configured by system properties read once:
 * {@code peerline.log.file} (none: no file), {@code peerline.log.level} (file level, default INFO) and
 * {@code peerline.log.console} (default WARN).
 */
public final class NodeLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private final Level fileLevel;
    private final Level consoleLevel;
    private final Writer file;
    private final PrintStream console;

    NodeLog(Level fileLevel, Level consoleLevel, Writer file, PrintStream console) {
        this.fileLevel = fileLevel;
        this.consoleLevel = consoleLevel;
        this.file = file;
        this.console = console;
    }

    static NodeLog fromSystemProperties() {
        Writer w = null;
        String f = System.getProperty("peerline.log.file");
        if (f != null) {
            try {
                Path p = Path.of(f);
                Files.createDirectories(p.toAbsolutePath().getParent());
                w = Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("peerline: cannot write the log file " + f + ": " + e.getMessage());
            }
        }
        return new NodeLog(level("peerline.log.level", Level.INFO), level("peerline.log.console", Level.WARN), w,
                System.err);
    }

    private static Level level(String property, Level dflt) {
        String v = System.getProperty(property);
        try {
            return v == null ? dflt : Level.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("peerline: " + property + "=" + v + " is not a level (ERROR, WARN, INFO, DEBUG, TRACE)");
            return dflt;
        }
    }

    /** The innermost cause, which names the problem (wrappers such as InvocationTargetException do not). */
    static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.toString() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** The most verbose level anything is written at. */
    Level threshold() {
        return file == null ? consoleLevel : (fileLevel.toInt() < consoleLevel.toInt() ? fileLevel : consoleLevel);
    }

    boolean enabled(Level level) {
        return level.toInt() >= threshold().toInt();
    }

    void write(String logger, Level level, String message, Throwable t) {
        if (file != null && level.toInt() >= fileLevel.toInt()) {
            StringBuilder b = new StringBuilder(128).append(LocalDateTime.now().format(TIME)).append(' ')
                    .append(String.format("%-5s", level)).append(" [").append(Thread.currentThread().getName())
                    .append("] ").append(logger).append(" - ").append(message).append('\n');
            if (t != null) {
                java.io.StringWriter sw = new java.io.StringWriter();
                t.printStackTrace(new java.io.PrintWriter(sw));
                b.append(sw);
            }
            synchronized (this) {
                try {
                    file.write(b.toString());
                    file.flush();
                } catch (IOException e) {
                    // the console still gets warnings; nothing better to do with a failing log file
                }
            }
        }
        if (level.toInt() >= consoleLevel.toInt()) {
            String cause = t == null ? "" : ": " + rootCause(t);
            console.println(level.toString().toLowerCase(Locale.ROOT) + ": " + message + cause);
        }
    }
}
