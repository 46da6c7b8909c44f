package org.peerline.p2psip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.peerline.p2psip.P2pNet.T;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peerline.overlay.core.runtime.OverlayRunner;
import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.ua.Dialog;

/**
 * Three P2P-SIP nodes on one Kademlia ring over UDP on 127.0.0.1, and phones (user agents) using them as outbound
 * proxies: REGISTER with digest (RFC 3261 §10.3, §22), calls, CANCEL, MESSAGE and OPTIONS through the overlay
 * (§16), unknown and unregistered users, forged bindings (issue 5 item 7), a live swap of the overlay. Each test
 * uses its own users, so they share one network.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class P2pSipNetworkTest {
    @TempDir
    static Path dir;
    private P2pNet net;

    @BeforeAll
    void start() throws Exception {
        net = new P2pNet(dir, 3, false);
    }

    @AfterAll
    void stop() {
        if (net != null) net.close();
    }

    private P2pNet.Node node(int i) {
        return net.nodes.get(i);
    }

    @Test
    void registerWithDigestIsPublishedRefreshedAndRemoved() throws Exception {
        P2pNet.Phone noPassword = net.phone("alice", null, 0);
        Response challenge = noPassword.send(noPassword.register("300"));
        assertEquals(401, challenge.status());
        assertTrue(challenge.header(HeaderNames.WWW_AUTHENTICATE).contains("realm=\"p2p.test\""));
        assertNull(P2pNet.lookup(node(1), "alice@p2p.test").found(), "an unauthenticated REGISTER never reaches the overlay");

        P2pNet.Phone alice = net.phone("alice", "alice-pw", 0);
        Response ok = alice.send(alice.register("300"));
        long okAt = System.nanoTime();
        assertEquals(200, ok.status());
        assertEquals(1, ok.contacts().size());
        assertEquals(300, ok.contacts().get(0).expires(), 1);
        assertNotNull(ok.header("Date"));
        // another node resolves the AOR to node 0, with a verified proof
        OverlayLocation.Lookup[] l = {null};
        P2pNet.await("node 2 resolves alice", () -> {
            try {
                l[0] = P2pNet.lookup(node(2), "alice@p2p.test");
                return l[0].found() != null;
            } catch (Exception e) {
                return false;
            }
        });
        System.err.printf("REGISTER 200 OK to resolution at another node: %.1f ms (lookup %.1f ms)%n",
                (System.nanoTime() - okAt) / 1e6, l[0].micros() / 1000.0);
        assertEquals(node(0).p2p.nodeUri(), l[0].found().record().node());
        assertEquals(OverlayLocation.Proof.VERIFIED, l[0].found().proof());
        long firstExpiry = l[0].found().record().expires();
        P2pNet.await("the put's quorum", () -> "stored".equals(node(0).p2p.location().published().get("alice@p2p.test").state()));

        // refresh with a shorter expiry (§10.2.1.1): the 200 and the overlay record follow
        Response refreshed = alice.send(alice.register("120"));
        assertEquals(200, refreshed.status());
        assertEquals(120, refreshed.contacts().get(0).expires(), 1);
        P2pNet.await("the refreshed record", () -> {
            try {
                var f = P2pNet.lookup(node(1), "alice@p2p.test").found();
                return f != null && f.record().expires() < firstExpiry;
            } catch (Exception e) {
                return false;
            }
        });

        // Expires: 0 removes the binding (§10.2.2), and the overlay record with it
        Response gone = alice.send(alice.register("0"));
        assertEquals(200, gone.status());
        assertTrue(gone.contacts().isEmpty());
        assertTrue(node(0).p2p.registrar().contacts("alice@p2p.test").isEmpty());
        P2pNet.await("the removal reaches the overlay", () -> {
            try {
                return P2pNet.lookup(node(2), "alice@p2p.test").found() == null;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void wrongPasswordGets401ThenAfterThreeFailures403() throws Exception {
        P2pNet.Phone erin = net.phone("erin", "not-her-password", 1);
        Response first = erin.send(erin.register("300")); // challenge, then 2 wrong answers by the UA
        assertEquals(401, first.status());
        Response third = erin.send(erin.register("300")); // the same Call-ID: the third failure
        assertEquals(403, third.status());
        assertNull(node(1).p2p.location().published().get("erin@p2p.test"), "failed attempts publish nothing");
        P2pNet.Phone right = net.phone("erin", "erin-pw", 1);
        assertEquals(200, right.send(right.register("300")).status(), "another Call-ID is not locked out");
        // the locked Call-ID stays locked for the window, even with the right password
        Request again = erin.register("300");
        assertEquals(403, erin.send(again).status());
    }

    @Test
    void severalContactsWithQStarAndBadRequests() throws Exception {
        P2pNet.Phone frank = net.phone("frank", "frank-pw", 0);
        Response ok = frank.send(frank.register("600", "<sip:frank@127.0.0.1:40001>;q=0.5",
                "<sip:frank@127.0.0.1:40002>;q=1.0;expires=200"));
        assertEquals(200, ok.status());
        var contacts = ok.contacts();
        assertEquals(2, contacts.size());
        assertEquals("sip:frank@127.0.0.1:40002", contacts.get(0).uri().toString(), "highest q first");
        assertEquals(200, contacts.get(0).expires(), 1);
        assertEquals(600, contacts.get(1).expires(), 1);
        assertEquals("0.5", contacts.get(1).params().get("q"));
        // a query (no Contact) lists the bindings unchanged (§10.3 step 8)
        Response query = frank.send(frank.register(null, new String[0]).set(HeaderNames.CONTACT, null));
        assertEquals(200, query.status());
        assertEquals(2, query.contacts().size());
        // 423 below the minimum (§10.3 step 7), with Min-Expires
        Response brief = frank.send(frank.register("10", "<sip:frank@127.0.0.1:40003>"));
        assertEquals(423, brief.status());
        assertEquals("60", brief.header(HeaderNames.MIN_EXPIRES));
        // Contact * needs Expires: 0
        assertEquals(400, frank.send(frank.register("60", "*")).status());
        // a CSeq not higher than the binding's, from the same Call-ID, is out of order (§10.3 step 7)
        Request stale = frank.register("600", "<sip:frank@127.0.0.1:40001>");
        stale.set(HeaderNames.CSEQ, "1 REGISTER");
        assertEquals(500, frank.send(stale).status());
        // Contact * with Expires: 0 removes them all
        Response none = frank.send(frank.register("0", "*"));
        assertEquals(200, none.status());
        assertTrue(none.contacts().isEmpty());
        assertTrue(node(0).p2p.registrar().contacts("frank@p2p.test").isEmpty());
    }

    @Test
    void callThroughTheOverlayWithReInviteAndBye() throws Exception {
        P2pNet.Phone bob = net.registered("bob", 0);
        P2pNet.Phone carol = net.registered("carol", 2);
        awaitResolvable(node(2), "bob@p2p.test");
        List<Long> setup = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            Response ok = carol.send(carol.request(Request.INVITE, "bob").body(P2pNet.SDP, "application/sdp"));
            setup.add((System.nanoTime() - t0) / 1000);
            assertEquals(200, ok.status());
            assertEquals(2, ok.values(HeaderNames.RECORD_ROUTE).size(), "both nodes on the route set");
            assertEquals("invited sip:bob@" + bob.contact().replaceAll("[<>]", "").substring(8), bob.next());
            assertEquals("confirmed", bob.next(), "the ACK followed the route set");
            Dialog d = carol.onLoop(() -> carol.ua.dialogs().values().iterator().next());
            if (i == 0) {
                assertTrue(node(2).p2p.calls().list().stream().anyMatch(c -> c.state() == Calls.State.ESTABLISHED));
                assertTrue(node(0).p2p.calls().list().stream().anyMatch(c -> c.state() == Calls.State.ESTABLISHED));
                Response re = carol.stack.call(() -> carol.ua.reinvite(d, P2pNet.SDP)).get(T, TimeUnit.SECONDS);
                assertEquals(200, re.status(), "re-INVITE in the dialog");
                assertEquals("confirmed", bob.next(), "the ACK of the re-INVITE");
            }
            Response bye = carol.stack.call(() -> carol.ua.bye(d)).get(T, TimeUnit.SECONDS);
            assertEquals(200, bye.status());
            assertEquals("ended: BYE received", bob.next());
        }
        assertTrue(node(2).p2p.calls().list().stream().anyMatch(c -> c.state() == Calls.State.ENDED));
        setup.sort(null);
        System.err.printf("call setup through 3 nodes (INVITE to 200 OK, %d calls, ms): p50 %.1f, p95 %.1f, max %.1f%n",
                setup.size(), setup.get(setup.size() / 2) / 1000.0, setup.get(setup.size() * 95 / 100) / 1000.0,
                setup.get(setup.size() - 1) / 1000.0);
    }

    @Test
    void cancelMessageAndOptions() throws Exception {
        P2pNet.Phone dave = net.registered("dave", 1);
        P2pNet.Phone grace = net.registered("grace", 2);
        awaitResolvable(node(2), "dave@p2p.test");
        dave.answer = P2pNet.Answer.RING;
        Request invite = grace.request(Request.INVITE, "dave").body(P2pNet.SDP, "application/sdp");
        CompletableFuture<Response> pending = grace.sendAsync(invite);
        assertTrue(dave.next().startsWith("invited"));
        P2pNet.await("the 180 to reach grace's node", () -> node(2).p2p.calls().list().stream()
                .anyMatch(c -> c.callId().equals(invite.callId()) && c.state() == Calls.State.RINGING));
        Response cancelled = grace.stack.call(() -> grace.ua.cancel(invite)).get(T, TimeUnit.SECONDS);
        assertEquals(200, cancelled.status());
        assertEquals(487, pending.get(T, TimeUnit.SECONDS).status());
        assertEquals("cancelled", dave.next());

        Response msg = grace.send(grace.request(Request.MESSAGE, "dave").body("hello dave", "text/plain"));
        assertEquals(200, msg.status());
        assertEquals("message: hello dave", dave.next());

        Response options = grace.send(grace.onLoop(() -> grace.ua.newRequest(Request.OPTIONS, node(2).uri(), null)));
        assertEquals(200, options.status(), "OPTIONS to the node itself");
        assertTrue(options.header(HeaderNames.ALLOW).contains("INVITE"));
    }

    @Test
    void aUserRegisteredAtTwoNodesRingsAtBoth() throws Exception {
        P2pNet.Phone desk = net.registered("walter", 0);
        P2pNet.Phone mobile = net.registered("walter", 1);
        P2pNet.Phone yves = net.registered("yves", 2);
        P2pNet.await("both of walter's nodes found from node 2", () -> {
            try {
                return P2pNet.lookup(node(2), "walter@p2p.test").all().size() == 2;
            } catch (Exception e) {
                return false;
            }
        });
        desk.answer = P2pNet.Answer.RING;
        Response ok = yves.send(yves.request(Request.INVITE, "walter").body(P2pNet.SDP, "application/sdp"));
        assertEquals(200, ok.status(), "the mobile answered");
        assertTrue(desk.next().startsWith("invited"), "the desk phone rang too (parallel forking, §16.7)");
        assertTrue(mobile.next().startsWith("invited"));
        assertEquals("cancelled", desk.next(), "the other branch is cancelled after the 200 (§16.7 step 10)");
        assertEquals("confirmed", mobile.next());
    }

    @Test
    void unknownUserIs404AndUnregisteredUserIs480() throws Exception {
        P2pNet.Phone heidi = net.registered("heidi", 0);
        assertEquals(404, heidi.send(heidi.request(Request.INVITE, "nobody").body(P2pNet.SDP, "application/sdp")).status());
        assertEquals(480, heidi.send(heidi.request(Request.MESSAGE, "sam").body("hi", "text/plain")).status());
    }

    @Test
    void aForgedBindingIsIgnoredAndTheCallReachesTheRealNode() throws Exception {
        // mallory's node (1) claims ivan's AOR without knowing his password: a valid overlay signature, a bad proof
        OverlayRunner evil = node(1).overlay;
        BindingRecord forged = BindingRecord.sign("ivan@p2p.test", "p2p.test", node(1).p2p.nodeUri(),
                System.currentTimeMillis() / 1000 + 300, USERS_HA1_GUESS, evil.node().publicKey());
        evil.node().put(BindingRecord.key("ivan@p2p.test"), forged.encode(), Duration.ofMinutes(5))
                .toCompletableFuture().get(T, TimeUnit.SECONDS);
        OverlayLocation.Lookup onlyForged = P2pNet.lookup(node(2), "ivan@p2p.test");
        assertNull(onlyForged.found(), "the forged record alone is not used");
        assertTrue(onlyForged.rejected() >= 1);
        P2pNet.Phone judy = net.registered("judy", 2);
        assertEquals(480, judy.send(judy.request(Request.MESSAGE, "ivan").body("hi", "text/plain")).status());

        P2pNet.Phone ivan = net.registered("ivan", 0);
        awaitResolvable(node(2), "ivan@p2p.test");
        OverlayLocation.Lookup l = P2pNet.lookup(node(2), "ivan@p2p.test");
        assertEquals(node(0).p2p.nodeUri(), l.found().record().node());
        assertTrue(node(2).p2p.location().stats().rejected.sum() >= 1);
        Response ok = judy.send(judy.request(Request.INVITE, "ivan").body(P2pNet.SDP, "application/sdp"));
        assertEquals(200, ok.status());
        assertTrue(ivan.next().startsWith("invited"), "the call reached the real node");
        Dialog d = judy.onLoop(() -> judy.ua.dialogs().values().iterator().next());
        assertEquals(200, judy.stack.call(() -> judy.ua.bye(d)).get(T, TimeUnit.SECONDS).status());
    }

    /** HA1 made with a guessed password: what a node that does not know ivan's password can compute. */
    private static final String USERS_HA1_GUESS = org.peerline.sip.auth.Digest.Algorithm.MD5.hash("ivan:p2p.test:guess");

    @Test
    void aSwappedOverlayGetsEveryBindingAgain() throws Exception {
        P2pNet.Phone oscar = net.registered("oscar", 1);
        awaitResolvable(node(0), "oscar@p2p.test");
        List<OverlayRunner> fresh = net.ring(dir.resolve("swap"), 3);
        try {
            for (int i = 0; i < 3; i++) node(i).p2p.overlay(fresh.get(i).node());
            awaitResolvable(node(2), "oscar@p2p.test");
            assertEquals(node(1).p2p.nodeUri(), P2pNet.lookup(node(2), "oscar@p2p.test").found().record().node());
            P2pNet.Phone peggy = net.registered("peggy", 2);
            Response msg = peggy.send(peggy.request(Request.MESSAGE, "oscar").body("after the swap", "text/plain"));
            assertEquals(200, msg.status());
            assertEquals("message: after the swap", oscar.next());
        } finally {
            for (int i = 0; i < 3; i++) node(i).p2p.overlay(node(i).overlay.node()); // back, for the other tests
        }
    }

    private static void awaitResolvable(P2pNet.Node at, String aor) {
        P2pNet.await(aor + " resolvable", () -> {
            try {
                return P2pNet.lookup(at, aor).found() != null;
            } catch (Exception e) {
                return false;
            }
        });
    }

    static SipUri sip(String s) {
        return SipUri.parse(s);
    }
}
