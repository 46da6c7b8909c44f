package org.peerline.sip.proxy;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.message.Uri;
import org.peerline.sip.stack.SipStack;
import org.peerline.sip.transaction.Timers;
import org.peerline.sip.ua.Dialog;
import org.peerline.sip.ua.UserAgent;
import org.peerline.transport.udp.UdpTransport;

/** Caller UA -> proxy -> callee UAs, each a SipStack on real UDP sockets on 127.0.0.1 (RFC 3261 §16). */
class ProxyTest {
    private static final long T = 10;
    private static final String SDP = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";

    enum Behaviour { ANSWER, RING, BUSY, NOT_FOUND }

    /** A callee UA on its own stack that answers as told and records what happens. */
    static final class Callee {
        final SipStack stack = new SipStack(Timers.DEFAULT, null);
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        volatile Behaviour behaviour = Behaviour.ANSWER;
        final SipUri uri;

        Callee(UdpTransport udp, String user) throws Exception {
            InetSocketAddress a = stack.listen(udp, new InetSocketAddress("127.0.0.1", 0));
            uri = new SipUri(false, user, "127.0.0.1", a.getPort());
            new UserAgent(stack.core(), user, new UserAgent.Application() {
                public void invited(UserAgent.Incoming call) {
                    events.add("invited");
                    switch (behaviour) {
                        case ANSWER -> {
                            call.ringing();
                            call.accept(SDP);
                        }
                        case RING -> call.ringing();
                        case BUSY -> call.reject(486);
                        case NOT_FOUND -> call.reject(404);
                    }
                }

                public void confirmed(Dialog d) {
                    events.add("confirmed");
                }

                public void cancelled(UserAgent.Incoming call) {
                    events.add("cancelled");
                }

                public void ended(Dialog d, String why) {
                    events.add("ended: " + why);
                }
            });
        }

        String next() throws InterruptedException {
            return events.poll(T, TimeUnit.SECONDS);
        }
    }

    private UdpTransport udp;
    private SipStack callerStack;
    private SipStack proxyStack;
    private UserAgent caller;
    private Proxy proxy;
    private Callee bob;
    private Callee carol;
    private int proxyPort;
    private final Map<String, List<Uri>> users = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        udp = new UdpTransport();
        callerStack = new SipStack(Timers.DEFAULT, null);
        proxyStack = new SipStack(Timers.DEFAULT, null);
        callerStack.listen(udp, new InetSocketAddress("127.0.0.1", 0));
        proxyPort = proxyStack.listen(udp, new InetSocketAddress("127.0.0.1", 0)).getPort();
        bob = new Callee(udp, "bob");
        carol = new Callee(udp, "carol");
        caller = new UserAgent(callerStack.core(), "alice", new UserAgent.Application() { });
        proxy = new Proxy(proxyStack.core(), Targets.of(users));
        proxyStack.core().user(proxy);
    }

    @AfterEach
    void stop() {
        for (SipStack s : new SipStack[] {callerStack, proxyStack, bob.stack, carol.stack}) s.close();
        udp.close();
    }

    private <X> X onLoop(SipStack s, Supplier<X> work) throws Exception {
        return s.call(() -> CompletableFuture.completedFuture(work.get())).get(T, TimeUnit.SECONDS);
    }

    private Request request(String method, String user) throws Exception {
        SipUri target = new SipUri(false, user, "127.0.0.1", proxyPort);
        return onLoop(callerStack, () -> caller.newRequest(method, target, null));
    }

    private CompletableFuture<Response> send(Request r) {
        return callerStack.call(() -> caller.send(r));
    }

    private long count(String method) throws Exception {
        return onLoop(proxyStack, () -> proxy.stats().methods.getOrDefault(method, new java.util.concurrent.atomic.LongAdder()).sum());
    }

    @Test
    void callWithRecordRouteSendsAckAndByeThroughTheProxy() throws Exception {
        users.put("bob", List.of(bob.uri));
        Response ok = send(request("INVITE", "bob").body(SDP, "application/sdp")).get(T, TimeUnit.SECONDS);
        assertEquals(200, ok.status());
        assertEquals("<sip:127.0.0.1:" + proxyPort + ";transport=udp;lr>", ok.header("Record-Route"));
        assertEquals(1, ok.vias().size());
        assertEquals("invited", bob.next());
        assertEquals("confirmed", bob.next(), "the ACK went through the proxy");
        assertEquals(1, count("ACK"));
        Dialog d = onLoop(callerStack, () -> caller.dialogs().values().iterator().next());
        assertEquals(1, d.routes().size());
        assertEquals(200, callerStack.call(() -> caller.bye(d)).get(T, TimeUnit.SECONDS).status());
        assertEquals("ended: BYE received", bob.next());
        assertEquals(1, count("BYE"));
        assertTrue(onLoop(proxyStack, () -> proxy.calls().isEmpty()));
    }

    @Test
    void statelessProxyForwardsACallWithoutTransactions() throws Exception {
        onLoop(proxyStack, () -> proxy.stateless(true).recordRoute(false));
        users.put("bob", List.of(bob.uri));
        Response ok = send(request("INVITE", "bob").body(SDP, "application/sdp")).get(T, TimeUnit.SECONDS);
        assertEquals(200, ok.status());
        assertEquals("invited", bob.next());
        assertEquals("confirmed", bob.next());
        assertEquals(0L, (long) onLoop(proxyStack, () -> proxyStack.core().transactions().created()),
                "§16.11: no transaction at all");
        assertEquals(404, send(request("MESSAGE", "nobody").body("hi", "text/plain")).get(T, TimeUnit.SECONDS).status());
    }

    @Test
    void unknownUserGets404() throws Exception {
        assertEquals(404, send(request("INVITE", "nobody")).get(T, TimeUnit.SECONDS).status());
    }

    @Test
    void maxForwardsZeroGets483() throws Exception {
        users.put("bob", List.of(bob.uri));
        Request r = request("MESSAGE", "bob").set("Max-Forwards", 0).body("hi", "text/plain");
        assertEquals(483, send(r).get(T, TimeUnit.SECONDS).status());
        assertNull(bob.events.poll());
    }

    @Test
    void optionsForTheProxyItselfWithMaxForwardsZeroGets200() throws Exception {
        SipUri self = new SipUri(false, null, "127.0.0.1", proxyPort);
        Request r = onLoop(callerStack, () -> caller.newRequest("OPTIONS", self, null)).set("Max-Forwards", 0);
        Response ok = send(r).get(T, TimeUnit.SECONDS);
        assertEquals(200, ok.status());
        assertTrue(ok.header("Allow").contains("INVITE"));
    }

    @Test
    void targetPointingBackToTheProxyIsALoop() throws Exception {
        users.put("loop", List.of(new SipUri(false, "loop", "127.0.0.1", proxyPort)));
        assertEquals(482, send(request("INVITE", "loop")).get(T, TimeUnit.SECONDS).status());
        assertEquals(1, proxy.stats().loops.sum());
    }

    @Test
    void parallelForkingForwardsTheAnswerAndCancelsTheOtherBranch() throws Exception {
        users.put("both", List.of(carol.uri, bob.uri));
        carol.behaviour = Behaviour.RING;
        Response ok = send(request("INVITE", "both").body(SDP, "application/sdp")).get(T, TimeUnit.SECONDS);
        assertEquals(200, ok.status());
        assertTrue(ok.to().tag() != null && ok.header("Contact").contains(":" + bob.uri.port()));
        assertEquals("invited", bob.next());
        assertEquals("confirmed", bob.next());
        assertEquals("invited", carol.next());
        assertEquals("cancelled", carol.next(), "carol got a CANCEL and answered 487");
        assertTrue(proxy.stats().cancels.sum() >= 1);
        assertEquals(2, proxy.stats().branches.sum());
    }

    @Test
    void sequentialForkingTriesTheNextTargetAfter486() throws Exception {
        onLoop(proxyStack, () -> proxy.forking(Proxy.Forking.SEQUENTIAL));
        users.put("seq", List.of(bob.uri, carol.uri));
        bob.behaviour = Behaviour.BUSY;
        Response ok = send(request("INVITE", "seq")).get(T, TimeUnit.SECONDS);
        assertEquals(200, ok.status());
        assertEquals("invited", bob.next());
        assertEquals("invited", carol.next());
        assertEquals("confirmed", carol.next());
    }

    @Test
    void cancelFromTheCallerReachesTheCallee() throws Exception {
        users.put("bob", List.of(bob.uri));
        bob.behaviour = Behaviour.RING;
        Request invite = request("INVITE", "bob");
        CompletableFuture<Response> outcome = send(invite);
        assertEquals("invited", bob.next());
        assertEquals(200, callerStack.call(() -> caller.cancel(invite)).get(T, TimeUnit.SECONDS).status());
        assertEquals(487, outcome.get(T, TimeUnit.SECONDS).status());
        assertEquals("cancelled", bob.next());
    }

    @Test
    void bestResponsePrefers486Over404() throws Exception {
        users.put("mixed", List.of(carol.uri, bob.uri));
        bob.behaviour = Behaviour.BUSY;
        carol.behaviour = Behaviour.NOT_FOUND;
        assertEquals(486, send(request("INVITE", "mixed")).get(T, TimeUnit.SECONDS).status());
        assertEquals("invited", bob.next());
        assertEquals("invited", carol.next());
    }

    @Test
    void timerCCancelsARingingBranch() throws Exception {
        onLoop(proxyStack, () -> proxy.timerC(Duration.ofMillis(300)));
        users.put("bob", List.of(bob.uri));
        bob.behaviour = Behaviour.RING;
        long start = System.nanoTime();
        assertEquals(487, send(request("INVITE", "bob")).get(T, TimeUnit.SECONDS).status());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300));
        assertEquals("invited", bob.next());
        assertEquals("cancelled", bob.next());
        assertEquals(1, proxy.stats().timerC.sum());
    }
}
