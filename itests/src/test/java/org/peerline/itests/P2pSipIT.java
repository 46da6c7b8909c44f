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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        Path address = data.resolve("admin.address");
        Await.until(name + " started", DEADLINE, () -> Files.exists(address) || !p.isAlive());
        assertTrue(name + " runs: " + Files.readString(data.resolve("console.log")), p.isAlive());
        return new Node(name, data, sip, p2p, p);
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
        Files.writeString(f, "alice = alice-pw\nbob = bob-pw\n");
        return f;
    }

    @Test
    public void baresipPhonesCallThroughTheOverlayAndSurviveALiveSwap() throws Exception {
        Assume.assumeTrue("baresip is installed", Files.isExecutable(Path.of("/usr/bin/baresip")));
        Path users = users();
        Node a = node("a", users, "--bootstrap");
        Node b = node("b", users, "--join", "127.0.0.1:" + a.p2p());
        Node c = node("c", users, "--join", "127.0.0.1:" + a.p2p());
        for (Node n : List.of(b, c)) {
            Await.until(n.name() + " joined", DEADLINE, () -> !tryRun(n, "overlay:info", "neighbors  0"));
        }
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
