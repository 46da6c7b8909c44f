package org.peerline.launcher;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    void nodeOptionsBecomeNodeProperties() throws Exception {
        assertEquals(Map.of(), parse().node());
        Options o = parse("--join", "127.0.0.1:5064,10.0.0.2:5064", "--sip", "udp:127.0.0.1:5070", "--sip",
                "tcp:127.0.0.1:5070", "--p2p", "127.0.0.1:5065", "--overlay", "chord", "--domain", "example.com");
        assertEquals(Map.of("join", "127.0.0.1:5064,10.0.0.2:5064", "sip", "udp:127.0.0.1:5070,tcp:127.0.0.1:5070",
                "p2p", "127.0.0.1:5065", "overlay", "chord", "domain", "example.com"), o.node());
        assertEquals("udp:127.0.0.1:5062,tcp:127.0.0.1:5062", parse("--sip", "127.0.0.1:5062").node().get("sip"));
        assertEquals("true", parse("--bootstrap").node().get("bootstrap"));
    }

    @Test
    void badNodeOptionsNameTheProblem() {
        assertEquals("--overlay 'pastry' is not one of bamboo, chord, kademlia", assertThrows(
                Options.UsageException.class, () -> parse("--overlay", "pastry")).getMessage());
        assertEquals("--join needs HOST:PORT, not 'nohost'", assertThrows(Options.UsageException.class,
                () -> parse("--join", "nohost")).getMessage());
        assertEquals("--sip needs HOST:PORT, not '127.0.0.1:99999'", assertThrows(Options.UsageException.class,
                () -> parse("--sip", "udp:127.0.0.1:99999")).getMessage());
        assertEquals("--bootstrap (be the first node) and --join do not go together", assertThrows(
                Options.UsageException.class, () -> parse("--bootstrap", "--join", "h:1")).getMessage());
        assertEquals("--users file '/no/such/file' is not readable", assertThrows(Options.UsageException.class,
                () -> parse("--users", "/no/such/file")).getMessage());
        assertEquals("--join is not an attach option", assertThrows(Options.UsageException.class,
                () -> parse("attach", "--join", "h:1")).getMessage());
    }

    @Test
    void exitCodes() {
        assertEquals(2, Main.run(new String[] {"--nope"}));
        assertEquals(0, Main.run(new String[] {"--version"}));
        assertEquals(0, Main.run(new String[] {"--help"}));
    }
}
