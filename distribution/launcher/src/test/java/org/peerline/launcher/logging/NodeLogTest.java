package org.peerline.launcher.logging;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class NodeLogTest {
    @Test
    void fileGetsInfoConsoleGetsWarningsOnOneLine() {
        StringWriter file = new StringWriter();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        NodeLog log = new NodeLog(Level.INFO, Level.WARN, file, new PrintStream(console, true));
        log.write("a.b", Level.DEBUG, "hidden", null);
        log.write("a.b", Level.INFO, "started", null);
        log.write("a.b", Level.WARN, "careful", new IllegalStateException("why"));
        String f = file.toString();
        assertFalse(f.contains("hidden"));
        assertTrue(f.contains("INFO  [") && f.contains("a.b - started"), f);
        assertTrue(f.contains("java.lang.IllegalStateException: why\n\tat "), "stack trace in the file");
        assertEquals("warn: careful: IllegalStateException: why\n", console.toString());
        assertTrue(log.enabled(Level.INFO));
        assertFalse(log.enabled(Level.DEBUG));
    }

    @Test
    void loggerFormatsArguments() {
        StringWriter file = new StringWriter();
        NodeLog log = new NodeLog(Level.TRACE, Level.ERROR, file, new PrintStream(new ByteArrayOutputStream()));
        new NodeLogger("x", log).info("{} + {} = {}", 1, 2, 3);
        assertTrue(file.toString().contains("x - 1 + 2 = 3"), file.toString());
    }
}
