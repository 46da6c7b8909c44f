package org.peerline.sip.ua;

import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.stack.SipStack;
import org.peerline.sip.transaction.Timers;
import org.peerline.transport.udp.UdpTransport;

/** Two user agents on real UDP sockets on 127.0.0.1: OPTIONS, a call with ACK and BYE, CANCEL, bad input. */
class UserAgentTest {
    private static final long T = 10;
    private UdpTransport udp;
    private SipStack alice;
    private SipStack bob;
    private UserAgent aliceUa;
    private UserAgent bobUa;
    private final BlockingQueue<UserAgent.ReInvite> heldByAlice = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> bobEvents = new LinkedBlockingQueue<>();
    private volatile boolean bobAnswers = true;
    private InetSocketAddress bobAddress;

    @BeforeEach
    void start() throws Exception {
        udp = new UdpTransport();
        alice = new SipStack(Timers.DEFAULT, null);
        bob = new SipStack(Timers.DEFAULT, null);
        alice.listen(udp, new InetSocketAddress("127.0.0.1", 0));
        bobAddress = bob.listen(udp, new InetSocketAddress("127.0.0.1", 0));
        aliceUa = new UserAgent(alice.core(), "alice", new UserAgent.Application() {
            public void reinvited(UserAgent.ReInvite reinvite) {
                heldByAlice.add(reinvite); // answered later by the test
            }
        });
        bobUa = new UserAgent(bob.core(), "bob", new UserAgent.Application() {
            public void invited(UserAgent.Incoming call) {
                bobEvents.add("invited");
                call.ringing();
                if (bobAnswers) call.accept("v=0\r\no=bob 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
            }

            public void confirmed(Dialog d) {
                bobEvents.add("confirmed");
            }

            public void cancelled(UserAgent.Incoming call) {
                bobEvents.add("cancelled");
            }

            public void ended(Dialog d, String why) {
                bobEvents.add("ended: " + why);
            }
        });
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        udp.close();
    }

    private SipUri bobUri() {
        return new SipUri(false, "bob", "127.0.0.1", bobAddress.getPort());
    }

    private Response send(Request r) throws Exception {
        return alice.call(() -> aliceUa.send(r)).get(T, TimeUnit.SECONDS);
    }

    @Test
    void optionsIsAnsweredWithAllow() throws Exception {
        Request opt = alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                aliceUa.newRequest("OPTIONS", bobUri(), null))).get(T, TimeUnit.SECONDS);
        Response r = send(opt);
        assertEquals(200, r.status());
        assertTrue(r.header("Allow").contains("INVITE"));
    }

    @Test
    void failsOverToTheNextTargetOnATransportError() throws Exception {
        // RFC 3263 §4.3: the first target refuses the TCP connection, the second answers over UDP
        org.peerline.transport.tcp.TcpTransport tcp = new org.peerline.transport.tcp.TcpTransport();
        alice.listen(tcp, new InetSocketAddress("127.0.0.1", 0));
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        int refused = closed;
        aliceUa.resolver(u -> java.util.concurrent.CompletableFuture.completedFuture(java.util.List.of(
                new org.peerline.sip.transaction.Hop("tcp", new InetSocketAddress("127.0.0.1", refused), null),
                new org.peerline.sip.transaction.Hop("udp", bobAddress, null))));
        Request opt = alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                aliceUa.newRequest("OPTIONS", bobUri(), null))).get(T, TimeUnit.SECONDS);
        assertEquals(200, send(opt).status());
        tcp.close();
    }

    @Test
    void requestsLargerThan1300BytesGoOverTcp() throws Exception {
        org.peerline.transport.tcp.TcpTransport tcp = new org.peerline.transport.tcp.TcpTransport();
        try {
            alice.listen(tcp, new InetSocketAddress("127.0.0.1", 0));
            bob.listen(tcp, new InetSocketAddress("127.0.0.1", bobAddress.getPort())); // same port number as UDP
            Request big = alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                    aliceUa.newRequest("MESSAGE", bobUri(), null).body("x".repeat(2000), "text/plain")))
                    .get(T, TimeUnit.SECONDS);
            assertEquals(200, send(big).status());
            assertEquals(1, bob.core().stats().in.get("tcp").sum(), "RFC 3261 §18.1.1: over TCP, not UDP");
        } finally {
            tcp.close();
        }
    }

    @Test
    void callWithAckAndBye() throws Exception {
        Request invite = alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                aliceUa.newRequest("INVITE", bobUri(), null).body("v=0\r\n", "application/sdp"))).get(T, TimeUnit.SECONDS);
        Response ok = send(invite);
        assertEquals(200, ok.status());
        assertEquals("invited", bobEvents.poll(T, TimeUnit.SECONDS));
        assertEquals("confirmed", bobEvents.poll(T, TimeUnit.SECONDS), "the ACK reached bob");
        Dialog d = alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                aliceUa.dialogs().values().iterator().next())).get(T, TimeUnit.SECONDS);
        assertEquals(Dialog.State.CONFIRMED, d.state());
        Response byeOk = alice.call(() -> aliceUa.bye(d)).get(T, TimeUnit.SECONDS);
        assertEquals(200, byeOk.status());
        assertEquals("ended: BYE received", bobEvents.poll(T, TimeUnit.SECONDS));
    }

    @Test
    void glareOnReInviteGets491AndTheFirstOneCompletes() throws Exception {
        Request invite = alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                aliceUa.newRequest("INVITE", bobUri(), null))).get(T, TimeUnit.SECONDS);
        assertEquals(200, send(invite).status());
        assertEquals("invited", bobEvents.poll(T, TimeUnit.SECONDS));
        assertEquals("confirmed", bobEvents.poll(T, TimeUnit.SECONDS));
        Dialog bobSide = bob.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                bobUa.dialogs().values().iterator().next())).get(T, TimeUnit.SECONDS);
        Dialog aliceSide = alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                aliceUa.dialogs().values().iterator().next())).get(T, TimeUnit.SECONDS);
        var bobsReinvite = bob.call(() -> bobUa.reinvite(bobSide, null));
        UserAgent.ReInvite held = heldByAlice.poll(T, TimeUnit.SECONDS); // alice has not answered bob yet
        assertNotNull(held);
        Response glare = alice.call(() -> aliceUa.reinvite(aliceSide, null)).get(T, TimeUnit.SECONDS);
        assertEquals(491, glare.status(), "§14.2: bob's own re-INVITE is in progress");
        alice.execute(() -> held.accept(null));
        assertEquals(200, bobsReinvite.get(T, TimeUnit.SECONDS).status());
    }

    @Test
    void cancelBeforeTheAnswerGets487() throws Exception {
        bobAnswers = false;
        Request invite = alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                aliceUa.newRequest("INVITE", bobUri(), null))).get(T, TimeUnit.SECONDS);
        var outcome = alice.call(() -> aliceUa.send(invite));
        assertEquals("invited", bobEvents.poll(T, TimeUnit.SECONDS));
        // the 180 made an early dialog on both sides (RFC 3261 §12.1)
        Await.early(alice, aliceUa);
        assertEquals(Dialog.State.EARLY, bob.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                bobUa.dialogs().values().iterator().next().state())).get(T, TimeUnit.SECONDS));
        Response cancelled = alice.call(() -> aliceUa.cancel(invite)).get(T, TimeUnit.SECONDS);
        assertEquals(200, cancelled.status());
        assertEquals(487, outcome.get(T, TimeUnit.SECONDS).status());
        assertEquals("cancelled", bobEvents.poll(T, TimeUnit.SECONDS));
        assertTrue(alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(aliceUa.dialogs().isEmpty()))
                .get(T, TimeUnit.SECONDS), "the 487 ended the early dialog (§12.3)");
        assertTrue(bob.call(() -> java.util.concurrent.CompletableFuture.completedFuture(bobUa.dialogs().isEmpty()))
                .get(T, TimeUnit.SECONDS));
    }

    /** Waits (bounded) for an early dialog to appear on a UA. */
    static final class Await {
        static void early(SipStack stack, UserAgent ua) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(T);
            while (!stack.call(() -> java.util.concurrent.CompletableFuture.completedFuture(ua.dialogs().values()
                    .stream().anyMatch(d -> d.state() == Dialog.State.EARLY))).get(T, TimeUnit.SECONDS)) {
                assertTrue(System.nanoTime() < deadline, "no early dialog");
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
        }
    }

    @Test
    void byeOutsideADialogIs481AndUnknownMethodIs501() throws Exception {
        Request bye = alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                aliceUa.newRequest("BYE", bobUri(), null))).get(T, TimeUnit.SECONDS);
        assertEquals(481, send(bye).status());
        Request odd = alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                aliceUa.newRequest("FROBNICATE", bobUri(), null))).get(T, TimeUnit.SECONDS);
        assertEquals(501, send(odd).status());
        Request req = alice.call(() -> java.util.concurrent.CompletableFuture.completedFuture(
                aliceUa.newRequest("OPTIONS", bobUri(), null).add("Require", "nosuchext"))).get(T, TimeUnit.SECONDS);
        Response r = send(req);
        assertEquals(420, r.status());
        assertEquals("nosuchext", r.header("Unsupported"));
    }

    @Test
    void oversizedRequestGets513() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(5000);
            String body = "x".repeat(40_000);
            String big = "MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort()
                    + ";branch=z9hG4bKbig\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: big1\r\n"
                    + "CSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            byte[] b = big.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(b, b.length, bobAddress));
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            s.receive(p);
            String reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("SIP/2.0 513 Message Too Large: "), reply);
        }
    }

    @Test
    void malformedRequestGets400NamingTheProblem() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(5000);
            String bad = "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort()
                    + ";branch=z9hG4bKbad\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: bad1\r\n"
                    + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(b, b.length, bobAddress));
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            s.receive(p);
            String reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("SIP/2.0 400 CSeq method INVITE does not match OPTIONS\r\n"), reply);
        }
    }
}
