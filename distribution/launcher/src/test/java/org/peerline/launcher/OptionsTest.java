package org.peerline.launcher;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final Path HOME = Path.of("/opt/peerline");

    private static Options parse(String... args) throws Options.UsageException {
        return Options.parse(List.of(args), HOME);
    }

    @Test
    void defaults() throws Exception {
        Options o = parse();
        assertFalse(o.attach());
        assertTrue(o.shell());
        assertEquals(HOME.resolve("data"), o.data());
        assertEquals(HOME.resolve("etc"), o.etc());
        assertEquals("127.0.0.1:0", o.admin());
        assertNull(o.exec());
    }

    @Test
    void nodeOptions() throws Exception {
        Options o = parse("--etc", "/e", "--data", "/d", "--admin", "127.0.0.1:8101", "--exec", "lb; peerline:status");
        assertEquals(Path.of("/e"), o.etc());
        assertEquals(Path.of("/d"), o.data());
        assertEquals("127.0.0.1:8101", o.admin());
        assertEquals("lb; peerline:status", o.exec());
        assertFalse(o.shell(), "--exec runs no console");
        assertFalse(parse("--no-shell").shell());
    }

    @Test
    void attach() throws Exception {
        Options o = parse("attach", "8101", "--data", "/d", "--exec", "lb");
        assertTrue(o.attach());
        assertEquals("8101", o.target());
        assertNull(parse("attach").target());
    }

    @Test
    void badLinesNameTheProblem() {
        assertEquals("unknown option '--bogus'", assertThrows(Options.UsageException.class,
                () -> parse("--bogus")).getMessage());
        assertEquals("--data needs a value", assertThrows(Options.UsageException.class,
                () -> parse("--data")).getMessage());
        assertEquals("unexpected argument 'x'", assertThrows(Options.UsageException.class,
                () -> parse("x")).getMessage());
        assertEquals("--etc is not an attach option", assertThrows(Options.UsageException.class,
                () -> parse("attach", "--etc", "/e")).getMessage());
        assertThrows(Options.UsageException.class, () -> parse("--exec", "lb", "--no-shell"));
        assertThrows(Options.UsageException.class, () -> parse("attach", "1", "2"));
    }

    @Test
    void exitCodes() {
        assertEquals(2, Main.run(new String[] {"--nope"}));
        assertEquals(0, Main.run(new String[] {"--version"}));
        assertEquals(0, Main.run(new String[] {"--help"}));
    }
}
