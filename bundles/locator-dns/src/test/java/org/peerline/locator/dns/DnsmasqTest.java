package org.peerline.locator.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerline.api.locator.LocatorException;
import org.peerline.api.locator.Target;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * RFC 3263 §4 against a real DNS server: dnsmasq on 127.0.0.1 serving NAPTR (RFC 3403), SRV (RFC 2782), A and
 * AAAA records for {@code .test} names (RFC 2606), NXDOMAIN for the rest of {@code .test}.
 */
class DnsmasqTest {
    static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");
    static final List<String> ALL = List.of("udp", "tcp", "tls");
    static final List<String> RECORDS = List.of(
            // example.test: NAPTR prefers TCP, then UDP; TCP's SRV has two priorities, the first with two weights
            "--naptr-record=example.test,10,10,S,SIP+D2T,,_sip._tcp.example.test",
            "--naptr-record=example.test,20,10,S,SIP+D2U,,_sip._udp.example.test",
            "--srv-host=_sip._tcp.example.test,a.example.test,5070,10,60",
            "--srv-host=_sip._tcp.example.test,b.example.test,5071,10,40",
            "--srv-host=_sip._tcp.example.test,c.example.test,5072,20,0",
            "--srv-host=_sip._udp.example.test,d.example.test,5080,10,0",
            "--host-record=a.example.test,127.0.0.11", "--host-record=b.example.test,127.0.0.12",
            "--host-record=c.example.test,127.0.0.13,::13", "--host-record=d.example.test,127.0.0.14",
            // srv.test: SRV only
            "--srv-host=_sip._udp.srv.test,e.srv.test,5090,10,0", "--srv-host=_sip._tcp.srv.test,f.srv.test,5091,10,0",
            "--host-record=e.srv.test,127.0.0.15", "--host-record=f.srv.test,127.0.0.16",
            // plain.test: A only; v6.test: AAAA only
            "--host-record=plain.test,127.0.0.21", "--host-record=v6.test,::1",
            // secure.test: TLS for sips, UDP for sip
            "--naptr-record=secure.test,10,10,S,SIP+D2U,,_sip._udp.secure.test",
            "--naptr-record=secure.test,20,10,S,SIPS+D2T,,_sips._tcp.secure.test",
            "--srv-host=_sips._tcp.secure.test,t.secure.test,5061,10,0",
            "--srv-host=_sip._udp.secure.test,u.secure.test,5060,10,0",
            "--host-record=t.secure.test,127.0.0.31", "--host-record=u.secure.test,127.0.0.32",
            // for the cache: one name with a TTL, one without (dnsmasq's local TTL is 0)
            "--host-record=cached.test,127.0.0.41,::41,600", "--host-record=uncached.test,127.0.0.42");

    @TempDir
    static Path dir;
    static Dnsmasq server;

    /** A dnsmasq process on a free loopback port, stopped by its own handle. */
    record Dnsmasq(Process process, int port, Path log, List<String> command) {
        static Dnsmasq start(Path dir, List<String> records) throws Exception {
            for (int attempt = 1; ; attempt++) {
                int port;
                try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                    port = probe.getLocalPort(); // > 1024: an ephemeral port
                }
                List<String> cmd = new ArrayList<>(List.of(DNSMASQ.toString(), "--no-daemon", "--no-resolv", "--no-hosts",
                        "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                        "--pid-file=" + dir.resolve("dnsmasq-" + port + ".pid"), "--conf-file=/dev/null",
                        "--local=/test/", "--log-facility=-"));
                cmd.addAll(records);
                Path log = dir.resolve("dnsmasq-" + port + ".log");
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                Dnsmasq d = new Dnsmasq(p, port, log, cmd);
                if (d.awaitReady(Duration.ofSeconds(10))) return d;
                d.stop();
                if (attempt == 3) throw new IllegalStateException("dnsmasq did not start: " + cmd + "\n" + Files.readString(log));
            }
        }

        /** Polls a query until dnsmasq answers, it exits, or the deadline passes. */
        boolean awaitReady(Duration limit) throws Exception {
            DnsLookup probe = DnsLookup.dnsjava(new DnsLookup.Settings(List.of(address()), Duration.ofMillis(200), 1, 0));
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() - deadline < 0) {
                try {
                    probe.lookup(Name.fromConstantString("probe.test."), Type.A).toCompletableFuture().get(5, TimeUnit.SECONDS);
                    return true; // NXDOMAIN is an answer
                } catch (ExecutionException notYet) {
                    if (process.waitFor(20, TimeUnit.MILLISECONDS)) return false; // exited (port taken?)
                }
            }
            return false;
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        if (Files.isExecutable(DNSMASQ)) server = start(RECORDS);
    }

    @BeforeEach
    void needsDnsmasq() {
        assumeTrue(server != null, "dnsmasq not found at " + DNSMASQ + ": real-DNS tests skipped (apt-get install dnsmasq)");
    }

    static Dnsmasq start(List<String> records) throws Exception {
        return Dnsmasq.start(dir, records);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) server.stop();
    }

    static Rfc3263Locator locator(InetSocketAddress dnsServer, int cacheSize, long seed) {
        return new Rfc3263Locator(DnsLookup.dnsjava(new DnsLookup.Settings(List.of(dnsServer), Duration.ofMillis(500),
                2, cacheSize)), new Random(seed));
    }

    static List<String> resolve(Rfc3263Locator locator, String uri, List<String> transports) throws Exception {
        return locator.resolve(uri, transports).toCompletableFuture().get(10, TimeUnit.SECONDS).stream()
                .map(DnsmasqTest::line).toList();
    }

    static List<String> resolve(String uri, List<String> transports) throws Exception {
        return resolve(locator(server.address(), 64, 1), uri, transports);
    }

    static String line(Target t) {
        return t.transport() + " " + t.address().getAddress().getHostAddress() + ":" + t.address().getPort() + " " + t.host();
    }

    @Test
    void naptrThenSrvThenAddresses() throws Exception {
        List<String> targets = resolve("sip:alice@example.test", ALL);
        assertEquals(5, targets.size(), targets.toString());
        assertEquals(List.of("tcp 127.0.0.11:5070 a.example.test", "tcp 127.0.0.12:5071 b.example.test"),
                targets.subList(0, 2).stream().sorted().toList(), "priority 10 first, in a weighted order");
        assertEquals(List.of("tcp 127.0.0.13:5072 c.example.test", "tcp 0:0:0:0:0:0:0:13:5072 c.example.test",
                "udp 127.0.0.14:5080 d.example.test"), targets.subList(2, 5), "then priority 20, then UDP's NAPTR");
        assertEquals(targets, resolve("sip:alice@example.test", ALL), "same seed, same order");
        int aFirst = 0;
        Rfc3263Locator locator = locator(server.address(), 64, 99);
        for (int i = 0; i < 200; i++) {
            if (resolve(locator, "sip:example.test", ALL).get(0).contains("a.example.test")) aFirst++;
        }
        assertTrue(aFirst > 90 && aFirst < 150, "RFC 2782: weight 60 of 100 comes first about 60% of the time: " + aFirst);
        assertEquals(List.of("udp 127.0.0.14:5080 d.example.test"), resolve("sip:example.test", List.of("udp")));
    }

    @Test
    void srvOnlyDomainInTheClientsOrder() throws Exception {
        assertEquals(List.of("udp 127.0.0.15:5090 e.srv.test", "tcp 127.0.0.16:5091 f.srv.test"),
                resolve("sip:srv.test", ALL));
        assertEquals(List.of("tcp 127.0.0.16:5091 f.srv.test", "udp 127.0.0.15:5090 e.srv.test"),
                resolve("sip:srv.test", List.of("tcp", "udp")));
    }

    @Test
    void addressOnlyHostUsesTheDefaultPort() throws Exception {
        assertEquals(List.of("udp 127.0.0.21:5060 plain.test"), resolve("sip:bob@plain.test", ALL));
        assertEquals(List.of("tls 127.0.0.21:5061 plain.test"), resolve("sips:bob@plain.test", ALL));
    }

    @Test
    void sipsUsesOnlySipsServices() throws Exception {
        assertEquals(List.of("tls 127.0.0.31:5061 t.secure.test"), resolve("sips:carol@secure.test", ALL));
        assertEquals(List.of("udp 127.0.0.32:5060 u.secure.test", "tls 127.0.0.31:5061 t.secure.test"),
                resolve("sip:carol@secure.test", ALL));
    }

    @Test
    void explicitTransportPortAndMaddr() throws Exception {
        List<String> tcp = resolve("sip:example.test;transport=tcp", List.of("udp", "tcp"));
        assertEquals(4, tcp.size(), tcp.toString());
        assertTrue(tcp.stream().allMatch(t -> t.startsWith("tcp ")), tcp.toString());
        assertEquals(List.of("udp 127.0.0.21:5099 plain.test"), resolve("sip:plain.test:5099", ALL));
        assertEquals(List.of("tcp 127.0.0.21:5060 plain.test"),
                resolve("sip:alice@nowhere.test;maddr=plain.test;transport=tcp", ALL));
        assertEquals(List.of("udp 127.0.0.1:5062 127.0.0.1"), resolve("sip:alice@example.test:5062;maddr=127.0.0.1", ALL));
    }

    @Test
    void ipv6() throws Exception {
        assertEquals(List.of("udp 0:0:0:0:0:0:0:1:5060 v6.test"), resolve("sip:v6.test", ALL));
        assertEquals(List.of("tls 0:0:0:0:0:0:0:1:5061 ::1"), resolve("sips:[::1]", ALL));
    }

    @Test
    void nxdomainIsAnEmptyList() throws Exception {
        assertEquals(List.of(), resolve("sip:nobody@nothere.test", ALL));
    }

    static final List<String> CACHED = List.of("udp 127.0.0.41:5060 cached.test", "udp 0:0:0:0:0:0:0:41:5060 cached.test");

    @Test
    void cacheKeepsAnswersForTheirTtl() throws Exception {
        Dnsmasq own = start(RECORDS);
        Rfc3263Locator cached = locator(own.address(), 16, 1);
        try {
            assertEquals(CACHED, resolve(cached, "sip:cached.test:5060", ALL));
            assertEquals(List.of("udp 127.0.0.42:5060 uncached.test"), resolve(cached, "sip:uncached.test:5060", ALL));
        } finally {
            own.stop();
        }
        assertEquals(CACHED, resolve(cached, "sip:cached.test:5060", ALL),
                "TTL 600: answered from the cache");
        assertFailsNaming(cached, "sip:uncached.test:5060", "uncached.test");
    }

    @Test
    void deadServerFailsWithLocatorException() throws Exception {
        InetSocketAddress closed;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closed = (InetSocketAddress) s.getLocalSocketAddress();
        }
        assertFailsNaming(locator(closed, 0, 1), "sip:example.test", "example.test");
        try (DatagramSocket blackHole = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            assertFailsNaming(locator((InetSocketAddress) blackHole.getLocalSocketAddress(), 0, 1), "sip:example.test",
                    "example.test");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 500 && ms < 8000, "fails after the 500 ms timeout (2 tries), took " + ms + " ms");
        }
    }

    static void assertFailsNaming(Rfc3263Locator locator, String uri, String name) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> locator.resolve(uri, ALL).toCompletableFuture().get(15, TimeUnit.SECONDS));
        LocatorException le = assertInstanceOf(LocatorException.class, e.getCause());
        assertTrue(le.getMessage().contains(name), le.getMessage());
    }
}
