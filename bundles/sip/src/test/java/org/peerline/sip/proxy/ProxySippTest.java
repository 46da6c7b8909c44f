package org.peerline.sip.proxy;

import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.message.Uri;
import org.peerline.sip.stack.SipStack;
import org.peerline.sip.transaction.Timers;
import org.peerline.transport.udp.UdpTransport;

/** Interop through the proxy (RFC 3261 §16): sipp -sn uac -> Peerline proxy -> sipp -sn uas, over UDP on 127.0.0.1. */
class ProxySippTest {
    @TempDir
    Path dir;
    private UdpTransport udp;
    private SipStack stack;
    private int port;
    private final List<Process> sipps = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sipp")), "sipp is not installed (sip-tester)");
        udp = new UdpTransport();
        stack = new SipStack(Timers.DEFAULT, null);
        port = stack.listen(udp, new InetSocketAddress("127.0.0.1", 0)).getPort();
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : sipps) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (stack != null) stack.close();
        if (udp != null) udp.close();
    }

    private static int freePort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    /** Starts sipp bounded in calls and time, logging to the temp dir. */
    private Process sipp(int localPort, int calls, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/sipp"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-i", "127.0.0.1", "-p", Integer.toString(localPort), "-t", "u1", "-m", Integer.toString(calls),
                "-r", "10", "-timeout", "30s", "-timeout_error", "-nostdin", "-buff_size", "4194304", "-trace_err",
                "-error_file", dir.resolve("sipp-" + localPort + "-errors.log").toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp-" + localPort + ".log").toFile()).start();
        sipps.add(p);
        return p;
    }

    private int await(Process p, long seconds) throws Exception {
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "sipp finished within " + seconds + " s:\n" + logs());
        return p.exitValue();
    }

    private String logs() throws Exception {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                b.append("== ").append(f.getFileName()).append('\n').append(Files.readString(f));
            }
        }
        return b.toString();
    }

    @Test
    void sippCallsSippThroughTheProxy() throws Exception {
        int uasPort = freePort();
        Map<String, List<Uri>> users = Map.of("service", List.of(new SipUri(false, "service", "127.0.0.1", uasPort)));
        Proxy proxy = new Proxy(stack.core(), Targets.of(users));
        stack.core().user(proxy);
        Process uas = sipp(uasPort, 3, "-sn", "uas");
        Process uac = sipp(freePort(), 3, "127.0.0.1:" + port, "-sn", "uac", "-d", "100");
        assertEquals(0, await(uac, 60), logs());
        assertEquals(0, await(uas, 30), logs());
        assertEquals(3, proxy.stats().methods.get("INVITE").sum());
        assertEquals(3, proxy.stats().methods.get("BYE").sum());
        assertTrue(proxy.stats().statelessRequests.sum() >= 3, "the ACKs were forwarded");
    }
}
