package org.peerline.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.After;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The main job end to end (issue 5): P2P-SIP nodes as separate processes ({@code bin/peerline --no-shell}) on
 * 127.0.0.1, real softphones (baresip) registering with digest at different nodes and calling each other through
 * the overlay, and the overlay algorithm swapped live on every node while a call is up.
 */
public class P2pSipIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String DOMAIN = "p2p.test";
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final List<Process> started = new ArrayList<>();
    private final List<AutoCloseable> phones = new ArrayList<>();

    /** A node process and the ports it serves. */
    record Node(String name, Path data, int sip, int p2p, Process process) {
    }

    @After
    public void stopEverything() throws Exception {
        for (AutoCloseable p : phones) p.close();
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private Node node(String name, Path users, String... extra) throws Exception {
        return started(launch(name, users, extra));
    }

    /** Starts a node process without waiting for it. */
    private Node launch(String name, Path users, String... extra) throws Exception {
        Path data = tmp.newFolder(name).toPath();
        int sip = freePort();
        int p2p = freePort();
        List<String> cmd = new ArrayList<>(List.of(Runtime.home().resolve("bin/peerline").toString(), "--no-shell",
                "--data", data.toString(), "--sip", "127.0.0.1:" + sip, "--p2p", "127.0.0.1:" + p2p, "--domain",
                DOMAIN, "--users", users.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(data.resolve("console.log")
                .toFile()).start();
        started.add(p);
        return new Node(name, data, sip, p2p, p);
    }

    /** Waits until a launched node serves its admin console. */
    private Node started(Node n) throws Exception {
        Path address = n.data().resolve("admin.address");
        Await.until(n.name() + " started", DEADLINE, () -> Files.exists(address) || !n.process().isAlive());
        assertTrue(n.name() + " runs: " + Files.readString(n.data().resolve("console.log")), n.process().isAlive());
        return n;
    }

    /** Runs Gogo commands on a node through {@code peerline attach}; its output, or an AssertionError. */
    private String run(Node n, String commands) throws Exception {
        Process p = new ProcessBuilder(Runtime.home().resolve("bin/peerline").toString(), "attach", "--data",
                n.data().toString(), "--exec", commands).redirectErrorStream(true).start();
        started.add(p);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("attach ended", p.waitFor(30, TimeUnit.SECONDS));
        if (p.exitValue() != 0) throw new AssertionError(n.name() + ": " + commands + " failed: " + out);
        return out;
    }

    private boolean tryRun(Node n, String commands, String expected) {
        try {
            return run(n, commands).contains(expected);
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    private Path users() throws IOException {
        Path f = tmp.newFile("users.properties").toPath();
        StringBuilder b = new StringBuilder();
        for (String u : List.of("alice", "bob", "victor", "wendy")) b.append(u).append(" = ").append(u).append("-pw\n");
        for (int i = 1; i <= 20; i++) b.append(String.format("u%02d = u%02d-pw%n", i, i));
        Files.writeString(f, b);
        return f;
    }

    /** Three node processes: a first (with {@code aExtra} options), b and c joining it. */
    private List<Node> threeNodes(String... aExtra) throws Exception {
        Path users = users();
        List<String> first = new ArrayList<>(List.of("--bootstrap"));
        first.addAll(List.of(aExtra));
        Node a = node("a", users, first.toArray(String[]::new));
        Node b = node("b", users, "--join", "127.0.0.1:" + a.p2p());
        Node c = node("c", users, "--join", "127.0.0.1:" + a.p2p());
        for (Node n : List.of(b, c)) {
            Await.until(n.name() + " joined", DEADLINE, () -> !tryRun(n, "overlay:info", "neighbors  0"));
        }
        return List.of(a, b, c);
    }

    @Test
    public void baresipPhonesCallThroughTheOverlayAndSurviveALiveSwap() throws Exception {
        Assume.assumeTrue("baresip is installed", Files.isExecutable(Path.of("/usr/bin/baresip")));
        List<Node> nodes = threeNodes();
        Node a = nodes.get(0), b = nodes.get(1), c = nodes.get(2);
        Path phonesDir = tmp.newFolder("phones").toPath();
        Baresip alice = phone(new Baresip(phonesDir, "alice", "alice-pw", DOMAIN, "127.0.0.1:" + a.sip(), freePort(),
                freeTcpPort(), 20000, 440, "bob@" + DOMAIN));
        Baresip bob = phone(new Baresip(phonesDir, "bob", "bob-pw", DOMAIN, "127.0.0.1:" + b.sip(), freePort(),
                freeTcpPort(), 20200, 880, "alice@" + DOMAIN));
        // baresip's REGISTER_OK may come before ctrl_tcp is connected: ask the nodes instead
        Await.until("alice registered at a", DEADLINE, () -> tryRun(a, "p2psip:registrations", "alice@" + DOMAIN));
        Await.until("bob registered at b", DEADLINE, () -> tryRun(b, "p2psip:registrations", "bob@" + DOMAIN));
        Await.until("bob resolvable from node c", DEADLINE, () -> tryRun(c, "p2psip:lookup bob@" + DOMAIN, "sip:"));

        alice.command("dial", "sip:bob@" + DOMAIN);
        assertTrue("bob answered: " + bob.log(), bob.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(20)));
        assertTrue("alice established: " + alice.log(), alice.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(10)));
        alice.command("sndcode", "159#");
        bob.awaitEvents("CALL_DTMF_START", 4, Duration.ofSeconds(10));
        assertEquals("DTMF (RFC 4733) through the call", "159#", bob.params("CALL_DTMF_START"));
        String token = "hello-bob-" + System.nanoTime();
        alice.command("message", token);
        Await.until("bob got the MESSAGE", Duration.ofSeconds(15), () -> bob.log().contains(token));

        // swap the overlay live on every node while the call is up
        for (Node n : List.of(a, b, c)) {
            assertTrue(run(n, "peerline:use overlay chord").contains("-> chord"));
        }
        for (Node n : List.of(a, b, c)) {
            Await.until(n.name() + " runs chord", DEADLINE, () -> tryRun(n, "overlay:info", "chord"));
        }
        Await.until("alice resolvable from node c after the swap", DEADLINE,
                () -> tryRun(c, "p2psip:lookup alice@" + DOMAIN, "sip:"));
        Await.until("bob resolvable from node a after the swap", DEADLINE,
                () -> tryRun(a, "p2psip:lookup bob@" + DOMAIN, "sip:"));
        assertTrue("the call is still up", alice.events("CALL_CLOSED").isEmpty() && bob.events("CALL_CLOSED").isEmpty());
        alice.command("hangup", "");
        assertTrue("bob saw the BYE", bob.awaitEvent("CALL_CLOSED", Duration.ofSeconds(15)));
        assertTrue(alice.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10)));

        // a new call, the other way, over the chord ring
        bob.command("dial", "sip:alice@" + DOMAIN);
        assertTrue("alice answered after the swap: " + alice.log(),
                alice.awaitEvents("CALL_ESTABLISHED", 2, Duration.ofSeconds(20)));
        bob.command("hangup", "");
        assertTrue(alice.awaitEvents("CALL_CLOSED", 2, Duration.ofSeconds(15)));

        // and on to kademlia: the registrations follow again, nobody re-registers
        for (Node n : List.of(a, b, c)) assertTrue(run(n, "peerline:use overlay kademlia").contains("-> kademlia"));
        for (Node n : List.of(a, b, c)) {
            Await.until(n.name() + " runs kademlia", DEADLINE, () -> tryRun(n, "overlay:info", "kademlia"));
        }
        Await.until("bob resolvable from node a on kademlia", DEADLINE,
                () -> tryRun(a, "p2psip:lookup bob@" + DOMAIN, "sip:"));
        alice.command("dial", "sip:bob@" + DOMAIN);
        assertTrue("bob answered on kademlia: " + bob.log(), bob.awaitEvents("CALL_ESTABLISHED", 3, Duration.ofSeconds(20)));
        alice.command("hangup", "");
        assertTrue(bob.awaitEvents("CALL_CLOSED", 3, Duration.ofSeconds(15)));
        String calls = run(a, "p2psip:calls");
        assertFalse(calls, calls.isBlank());

        alice.close();
        bob.close();
        phones.clear();
        double aliceHeard = alice.heardFrequency();
        double bobHeard = bob.heardFrequency();
        assertTrue("alice heard bob's 880 Hz tone: " + aliceHeard, Math.abs(aliceHeard - 880) < 88);
        assertTrue("bob heard alice's 440 Hz tone: " + bobHeard, Math.abs(bobHeard - 440) < 44);
    }

    /**
     * sipp against node processes (issue 5, interop): victor registers at a over UDP and wendy at b over TCP, both
     * with digest, their contacts sipp UASs; a sipp UAC calls victor through c (INVITE, 180, 200, ACK, BYE along
     * the route set) and cancels a call to wendy while it rings (CANCEL, 200, 487, ACK). Node a also listens on TLS
     * with its development certificate, which a client that trusts it reaches with OPTIONS.
     */
    @Test
    public void sippRegistersAndCallsThroughNodeProcesses() throws Exception {
        Assume.assumeTrue("sipp is installed", Files.isExecutable(SIPP));
        int tls = freeTcpPort();
        List<Node> nodes = threeNodes("--sip", "tls:127.0.0.1:" + tls);
        Node a = nodes.get(0), b = nodes.get(1), c = nodes.get(2);
        Path dir = tmp.newFolder("sipp").toPath();
        int victor = freePort(), wendy = freePort();
        Process uas = sipp(dir, "uas", "-sf", scenario("uas.xml"), "-p", victor, "-m", 2, "-d", 20);
        Process uasCancel = sipp(dir, "uas-cancel", "-sf", scenario("uas-cancel.xml"), "-p", wendy, "-m", 1);
        register(dir, a, "u1", victor, "victor");
        register(dir, b, "t1", wendy, "wendy");
        for (String user : List.of("victor", "wendy")) {
            Await.until(user + " resolvable from node c", DEADLINE,
                    () -> tryRun(c, "p2psip:lookup " + user + "@" + DOMAIN, "sip:"));
        }
        Process uac = sipp(dir, "uac", "127.0.0.1:" + c.sip(), "-sf", scenario("uac.xml"), "-s", "victor", "-key",
                "domain", DOMAIN, "-p", freePort(), "-m", 2, "-r", 1, "-d", 20);
        finished(dir, "uac", uac);
        finished(dir, "uas", uas);
        Process cancel = sipp(dir, "uac-cancel", "127.0.0.1:" + c.sip(), "-sf", scenario("uac-cancel.xml"), "-s",
                "wendy", "-key", "domain", DOMAIN, "-p", freePort(), "-m", 1);
        finished(dir, "uac-cancel", cancel);
        finished(dir, "uas-cancel", uasCancel);
        String calls = run(c, "p2psip:calls");
        assertTrue(calls, calls.contains("victor@" + DOMAIN) && calls.contains("wendy@" + DOMAIN));

        // TLS (RFC 3261 §26.2): a client trusting node a's development certificate gets 200 for OPTIONS to the node
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(a.data().resolve("tls/peerline-dev.p12"))) {
            trust.load(in, "peerline".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", tls)) {
            s.setSoTimeout(10_000);
            String target = "sip:127.0.0.1:" + tls + ";transport=tls";
            s.getOutputStream().write(("OPTIONS " + target + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS 127.0.0.1:" + s.getLocalPort() + ";branch=z9hG4bK-tls-options\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:probe@" + DOMAIN + ">;tag=t1\r\nTo: <" + target + ">\r\n"
                    + "Call-ID: tls-options-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertEquals("SIP/2.0 200 OK", status);
        }
    }

    /**
     * Churn (issue 5): ten node processes, 20 users registered with sipp at the first two, three other nodes killed
     * at once (SIGKILL: no leave, no handover); every user is then called with sipp from the five other surviving
     * nodes, each call retried until it completes or the deadline passes.
     */
    @Test
    public void allUsersStayCallableWhenThreeNodeProcessesAreKilled() throws Exception {
        Assume.assumeTrue("sipp is installed", Files.isExecutable(SIPP));
        Path users = users();
        List<Node> nodes = new ArrayList<>(List.of(node("n0", users, "--bootstrap")));
        for (int i = 1; i < 10; i++) nodes.add(launch("n" + i, users, "--join", "127.0.0.1:" + nodes.get(0).p2p()));
        for (Node n : nodes) started(n);
        for (Node n : nodes.subList(1, 10)) {
            Await.until(n.name() + " joined", DEADLINE, () -> !tryRun(n, "overlay:info", "neighbors  0"));
        }
        Path dir = tmp.newFolder("sipp").toPath();
        int contact = freePort();
        sipp(dir, "uas", "-sf", scenario("uas.xml"), "-p", contact, "-m", 1000, "-d", 0, "-timeout", "300s");
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 20; i++) all.add(String.format("u%02d", i));
        register(dir, nodes.get(0), "u1", contact, all.subList(0, 10).toArray(String[]::new));
        register(dir, nodes.get(1), "u1", contact, all.subList(10, 20).toArray(String[]::new));
        for (Node n : nodes.subList(7, 10)) n.process().destroyForcibly();
        for (Node n : nodes.subList(7, 10)) assertTrue(n.process().waitFor(10, TimeUnit.SECONDS));
        long killed = System.nanoTime();
        Duration deadline = Duration.ofSeconds(120);
        for (int i = 0; i < all.size(); i++) {
            String user = all.get(i);
            Node from = nodes.get(2 + i % 5);
            int[] attempt = {0};
            Await.until(user + " callable from " + from.name(), deadline, () -> {
                String name = "call-" + user + "-" + attempt[0]++;
                Process p = sipp(dir, name, "127.0.0.1:" + from.sip(), "-sf", scenario("uac.xml"), "-s", user,
                        "-key", "domain", DOMAIN, "-p", freePort(), "-m", 1, "-d", 0, "-timeout", "15s");
                return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            });
        }
        System.out.printf("churn: all 20 users called from the 5 other survivors %d ms after 3 of 10 node processes "
                + "were killed%n", Duration.ofNanos(System.nanoTime() - killed).toMillis());
    }

    private static final Path SIPP = Path.of("/usr/bin/sipp");

    /** A scenario of itests/bench/sipp, shared with the benchmarks. */
    private static String scenario(String name) {
        return Path.of(System.getProperty("basedir", "."), "bench/sipp", name).toAbsolutePath().toString();
    }

    /** Registers users (password {@code user-pw}) at node n with digest, bound to the sipp at port contact. */
    private void register(Path dir, Node n, String transport, int contact, String... users) throws Exception {
        String name = "register-" + users[0] + "-" + users.length;
        StringBuilder csv = new StringBuilder("SEQUENTIAL\n");
        for (String u : users) csv.append(u).append(";[authentication username=").append(u).append(" password=")
                .append(u).append("-pw]\n");
        Process p = sipp(dir, name, "127.0.0.1:" + n.sip(), "-sf", scenario("register.xml"), "-inf",
                Files.writeString(dir.resolve(name + ".csv"), csv), "-key", "domain", DOMAIN, "-key", "contact",
                "127.0.0.1:" + contact, "-key", "expires", 300, "-t", transport, "-p", freePort(), "-m", users.length,
                "-r", 20);
        finished(dir, name, p);
    }

    /** Starts one sipp on 127.0.0.1, bounded in time and count, logging to {@code dir/name.log}. */
    private Process sipp(Path dir, String name, Object... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(SIPP.toString(), "-i", "127.0.0.1", "-nostdin", "-timeout_error",
                "-trace_err", "-error_file", dir.resolve(name + "-errors.log").toString()));
        for (Object o : args) cmd.add(o.toString());
        if (!cmd.contains("-t")) cmd.addAll(List.of("-t", "u1"));
        if (!cmd.contains("-timeout")) cmd.addAll(List.of("-timeout", "40s"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    private static void finished(Path dir, String name, Process p) throws Exception {
        assertTrue(name + " finished", p.waitFor(60, TimeUnit.SECONDS));
        StringBuilder log = new StringBuilder();
        for (String f : List.of(name + ".log", name + "-errors.log")) {
            Path file = dir.resolve(f);
            if (Files.exists(file)) log.append(Files.readString(file));
        }
        assertEquals(name + ": " + log, 0, p.exitValue());
    }

    private Baresip phone(Baresip b) {
        phones.add(b);
        return b;
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
