package org.peerline.p2psip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * sipp (Debian's sip-tester) against three P2P-SIP nodes on 127.0.0.1 (issue 5, interop): sipp registers a user at
 * node A with digest (MD5, what sipp does), its contact being a sipp UAS; a sipp UAC calls the user through node C,
 * which finds node A in the overlay; INVITE, 180, 200, ACK and BYE complete. Skipped when sipp is not installed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class P2pSipSippTest {
    private static final Path SIPP = Path.of("/usr/bin/sipp");

    @Test
    void sippRegistersWithDigestAndIsCalledThroughTheOverlay(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SIPP), "sipp is not installed (apt-get install sip-tester)");
        Path scenario = dir.resolve("register_contact.xml");
        try (var in = getClass().getResourceAsStream("/sipp/register_contact.xml")) {
            Files.copy(in, scenario);
        }
        try (P2pNet net = new P2pNet(dir, 3, true)) {
            P2pNet.Node a = net.nodes.get(0), c = net.nodes.get(2);
            int uasPort = freePort();
            List<Process> sipps = new ArrayList<>();
            try {
                Process uas = sipp(sipps, dir, "uas", List.of("-sn", "uas", "-p", Integer.toString(uasPort)));
                Process reg = sipp(sipps, dir, "reg", List.of("127.0.0.1:" + a.port, "-sf", scenario.toString(),
                        "-key", "user", "victor", "-au", "victor", "-ap", "victor-pw",
                        "-key", "contact", "127.0.0.1:" + uasPort, "-p", Integer.toString(freePort())));
                assertTrue(reg.waitFor(60, TimeUnit.SECONDS), "sipp REGISTER finished");
                assertEquals(0, reg.exitValue(), log(dir, "reg"));
                assertFalse(a.p2p.registrar().contacts("victor@p2p.test").isEmpty());
                P2pNet.await("victor resolvable at node C", () -> {
                    try {
                        return P2pNet.lookup(c, "victor@p2p.test").found() != null;
                    } catch (Exception e) {
                        return false;
                    }
                });
                Process uac = sipp(sipps, dir, "uac", List.of("127.0.0.1:" + c.port, "-sn", "uac", "-s", "victor",
                        "-p", Integer.toString(freePort())));
                assertTrue(uac.waitFor(60, TimeUnit.SECONDS), "sipp UAC finished");
                assertEquals(0, uac.exitValue(), log(dir, "uac"));
                assertTrue(uas.waitFor(30, TimeUnit.SECONDS), "sipp UAS finished");
                assertEquals(0, uas.exitValue(), log(dir, "uas"));
                assertTrue(c.p2p.calls().list().stream().anyMatch(x -> x.state() == Calls.State.ENDED));
            } finally {
                for (Process p : sipps) {
                    p.destroy();
                    if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Starts sipp for one call, bounded in time, logging to {@code dir/name.log}. */
    private static Process sipp(List<Process> started, Path dir, String name, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(SIPP.toString()));
        cmd.addAll(args);
        cmd.addAll(List.of("-i", "127.0.0.1", "-t", "u1", "-m", "1", "-timeout", "40s", "-timeout_error", "-nostdin",
                "-trace_err", "-error_file", dir.resolve(name + "-errors.log").toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    private static String log(Path dir, String name) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String f : new String[] {name + ".log", name + "-errors.log"}) {
            Path p = dir.resolve(f);
            if (Files.exists(p)) b.append(Files.readString(p));
        }
        return b.toString();
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }
}
