package org.peerline.p2psip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerline.overlay.core.runtime.OverlayRunner;

/**
 * Churn (issue 5): 10 nodes, 20 users registered at two of them, 3 other nodes crash at once (no leave, no
 * handover); every user stays resolvable from every surviving node, and a MESSAGE still reaches one of them.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class P2pSipChurnTest {
    @Test
    void allUsersStayCallableWhenThreeNodesCrash(@TempDir Path dir) throws Exception {
        try (P2pNet net = new P2pNet(dir, 10, false)) {
            List<String> users = new ArrayList<>(P2pNet.USERS.names());
            assertEquals(20, users.size());
            for (int i = 0; i < users.size(); i++) net.registered(users.get(i), i % 2);
            for (String u : users) {
                P2pNet.await(u + " published", () -> net.nodes.get(0).p2p.location().published().containsKey(u + "@"
                        + P2pNet.DOMAIN) || net.nodes.get(1).p2p.location().published().containsKey(u + "@" + P2pNet.DOMAIN));
            }
            for (int i = 7; i < 10; i++) crash(net.nodes.get(i).overlay);
            long crashed = System.nanoTime();
            for (int at = 2; at < 7; at++) {
                P2pNet.Node node = net.nodes.get(at);
                for (String u : users) {
                    P2pNet.await(u + " resolvable at node " + node.port, () -> {
                        try {
                            return P2pNet.lookup(node, u + "@" + P2pNet.DOMAIN).found() != null;
                        } catch (Exception e) {
                            return false;
                        }
                    });
                }
            }
            System.out.println("churn: all 20 users resolvable from the 5 surviving non-serving nodes "
                    + Duration.ofNanos(System.nanoTime() - crashed).toMillis() + " ms after 3 of 10 nodes crashed");
            P2pNet.Phone caller = net.phone("alice", "alice-pw", 5);
            assertEquals(200, caller.send(caller.request(org.peerline.sip.message.Request.MESSAGE, "zoe")
                    .body("after the crash", "text/plain")).status());
        }
    }

    /** A crash: the node stops answering at once, nothing handed over. */
    private static void crash(OverlayRunner r) throws Exception {
        r.loop().call(() -> {
            r.node().stop();
            return null;
        }, Duration.ofSeconds(10));
        r.network().close();
    }
}
