package org.peerline.sip.proxy;

import org.peerline.sip.transaction.VirtualScheduler;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerline.api.transport.Flow;
import org.peerline.sip.message.MessageParser;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipMessage;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.message.Uri;
import org.peerline.sip.stack.SipCore;
import org.peerline.sip.transaction.Hop;
import org.peerline.sip.transaction.Timers;

/** The proxy core sans-I/O under virtual time (RFC 3261 §16): Timer C, §16.7 choices, §16.4 routing, §16.11. */
class ProxyCoreTest {
    private static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 5060);
    private static final InetSocketAddress UAC = new InetSocketAddress("127.0.0.1", 5070);
    private static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.1", 5071);
    private static final InetSocketAddress CAROL = new InetSocketAddress("127.0.0.1", 5072);

    private record Sent(SipMessage message, InetSocketAddress to) {
    }

    private final VirtualScheduler clock = new VirtualScheduler();
    private final List<Sent> sent = new ArrayList<>();
    private SipCore core;
    private Proxy proxy;
    private int calls;

    @BeforeEach
    void setUp() {
        core = new SipCore(new SipCore.Output() {
            public void send(byte[] bytes, Hop hop, Consumer<Throwable> onError) {
                sent.add(new Sent(MessageParser.parse(bytes), hop.address()));
            }

            public InetSocketAddress local(String transport) {
                return transport.equals("udp") ? PROXY : null;
            }
        }, clock, Timers.DEFAULT);
        Map<String, List<Uri>> users = Map.of("bob", List.of(uri("bob", BOB)),
                "two", List.of(uri("bob", BOB), uri("carol", CAROL)));
        proxy = new Proxy(core, Targets.of(users)).timerC(Duration.ofSeconds(10));
        core.user(proxy);
    }

    private static SipUri uri(String user, InetSocketAddress a) {
        return new SipUri(false, user, a.getHostString(), a.getPort());
    }

    private void receive(SipMessage m, InetSocketAddress from) {
        byte[] b = m.toBytes();
        core.receive(b, new Flow("udp", PROXY, from, 0));
    }

    private Request invite(String uri, String... headers) {
        Request r = new Request("INVITE", Uri.parse(uri)).add("Via", "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKuac" + ++calls)
                .add("Max-Forwards", 70).add("From", "<sip:alice@127.0.0.1:5070>;tag=a").add("To", "<" + uri + ">")
                .add("Call-ID", "call-" + calls).add("CSeq", "1 INVITE").add("Contact", "<sip:alice@127.0.0.1:5070>");
        for (int i = 0; i < headers.length; i += 2) r.add(headers[i], headers[i + 1]);
        return r;
    }

    /** The requests the proxy sent to {@code to} with this method, retransmissions left out. */
    private List<Request> requestsTo(InetSocketAddress to, String method) {
        List<Request> out = new ArrayList<>();
        for (Sent s : sent) {
            if (s.to.equals(to) && s.message instanceof Request r && r.method().equals(method)
                    && out.stream().noneMatch(o -> o.via().branch().equals(r.via().branch()))) {
                out.add(r);
            }
        }
        return out;
    }

    private List<Integer> statusesTo(InetSocketAddress to) {
        List<Integer> out = new ArrayList<>();
        for (Sent s : sent) if (s.to.equals(to) && s.message instanceof Response r) out.add(r.status());
        return out;
    }

    private Response lastResponseTo(InetSocketAddress to) {
        Response last = null;
        for (Sent s : sent) if (s.to.equals(to) && s.message instanceof Response r) last = r;
        return last;
    }

    private void answer(Request forwarded, int status, InetSocketAddress from, String... headers) {
        Response r = Response.to(forwarded, status, null, status > 100 ? "t" + from.getPort() : null);
        for (int i = 0; i < headers.length; i += 2) r.add(headers[i], headers[i + 1]);
        receive(r, from);
    }

    @Test
    void forwardedRequestHasLoopDetectingViaRecordRouteAndDecrementedMaxForwards() {
        receive(invite("sip:bob@127.0.0.1:5060"), UAC);
        Request fwd = requestsTo(BOB, "INVITE").get(0);
        assertEquals("sip:bob@127.0.0.1:5071", fwd.uriText());
        assertEquals(69, fwd.maxForwards());
        assertEquals("<sip:127.0.0.1:5060;transport=udp;lr>", fwd.header("Record-Route"));
        assertEquals(2, fwd.vias().size());
        assertTrue(fwd.via().branch().matches("z9hG4bK[0-9a-f]{20}\\.[0-9a-z]+"), fwd.via().branch());
        assertEquals(List.of(100), statusesTo(UAC));
    }

    @Test
    void timerCWithoutAProvisionalActsAsA408() {
        receive(invite("sip:bob@127.0.0.1:5060"), UAC);
        clock.advance(9_999);
        assertEquals(List.of(100), statusesTo(UAC));
        clock.advance(1);
        assertEquals(List.of(100, 408), statusesTo(UAC));
        assertEquals(1, lastResponseTo(UAC).vias().size(), "our Via is not sent upstream");
        assertEquals(1, proxy.stats().timerC.sum());
        assertTrue(requestsTo(BOB, "CANCEL").isEmpty(), "no CANCEL before a provisional (§9.1)");
        answer(requestsTo(BOB, "INVITE").get(0), 180, BOB); // it rings after all: CANCEL it
        assertEquals(1, requestsTo(BOB, "CANCEL").size());
        assertTrue(proxy.calls().isEmpty());
    }

    @Test
    void timerCIsResetByProvisionalsAndThenCancelsTheBranch() {
        receive(invite("sip:bob@127.0.0.1:5060"), UAC);
        Request fwd = requestsTo(BOB, "INVITE").get(0);
        clock.advance(6_000);
        answer(fwd, 180, BOB);
        assertEquals(List.of(100, 180), statusesTo(UAC));
        clock.advance(9_000);
        assertTrue(requestsTo(BOB, "CANCEL").isEmpty(), "Timer C restarted at the 180");
        assertEquals(1, proxy.calls().size());
        clock.advance(1_000);
        Request cancel = requestsTo(BOB, "CANCEL").get(0);
        assertEquals(fwd.via().branch(), cancel.via().branch());
        assertEquals(fwd.uriText(), cancel.uriText());
        answer(cancel, 200, BOB);
        answer(fwd, 487, BOB);
        assertEquals(487, lastResponseTo(UAC).status());
        assertTrue(proxy.calls().isEmpty());
    }

    @Test
    void sixHundredCancelsTheOtherBranchAndWins() {
        receive(invite("sip:two@127.0.0.1:5060"), UAC);
        Request toBob = requestsTo(BOB, "INVITE").get(0);
        Request toCarol = requestsTo(CAROL, "INVITE").get(0);
        answer(toCarol, 100, CAROL);
        answer(toBob, 603, BOB);
        assertEquals(1, requestsTo(CAROL, "CANCEL").size());
        assertEquals(List.of(100), statusesTo(UAC), "a 6xx waits for the other branches");
        answer(toCarol, 487, CAROL);
        assertEquals(603, lastResponseTo(UAC).status());
    }

    @Test
    void challengesAreAggregatedAnd503BecomesA500() {
        receive(invite("sip:two@127.0.0.1:5060"), UAC);
        answer(requestsTo(BOB, "INVITE").get(0), 401, BOB, "WWW-Authenticate", "Digest realm=\"b\", nonce=\"1\"");
        answer(requestsTo(CAROL, "INVITE").get(0), 407, CAROL, "Proxy-Authenticate", "Digest realm=\"c\", nonce=\"2\"");
        Response best = lastResponseTo(UAC);
        assertEquals(401, best.status());
        assertEquals("Digest realm=\"b\", nonce=\"1\"", best.header("WWW-Authenticate"));
        assertEquals("Digest realm=\"c\", nonce=\"2\"", best.header("Proxy-Authenticate"));

        receive(invite("sip:two@127.0.0.1:5060"), UAC);
        answer(requestsTo(BOB, "INVITE").get(1), 503, BOB);
        answer(requestsTo(CAROL, "INVITE").get(1), 503, CAROL);
        assertEquals(500, lastResponseTo(UAC).status());
    }

    @Test
    void strictRouterFixUpAndOurRouteRemoved() {
        // §16.4: a strict router put our Record-Route URI in the Request-URI and the target last in Route
        receive(invite("sip:127.0.0.1:5060", "Route", "<sip:bob@127.0.0.1:5071>"), UAC);
        Request fwd = requestsTo(BOB, "INVITE").get(0);
        assertEquals("sip:bob@127.0.0.1:5071", fwd.uriText());
        assertFalse(fwd.has("Route"));
        // a loose route of ours first, then another element: the request follows the route
        receive(invite("sip:bob@127.0.0.1:5071", "Route", "<sip:127.0.0.1:5060;lr>, <sip:127.0.0.1:5072;lr>"), UAC);
        Request viaCarol = requestsTo(CAROL, "INVITE").get(0);
        assertEquals("sip:bob@127.0.0.1:5071", viaCarol.uriText());
        assertEquals("<sip:127.0.0.1:5072;lr>", viaCarol.header("Route"));
    }

    @Test
    void nextHopStrictRouterGetsTheRouteInTheRequestUri() {
        receive(invite("sip:bob@127.0.0.1:5071", "Route", "<sip:127.0.0.1:5072>"), UAC); // §16.6 step 6
        Request fwd = requestsTo(CAROL, "INVITE").get(0);
        assertEquals("sip:127.0.0.1:5072", fwd.uriText());
        assertEquals("<sip:bob@127.0.0.1:5071>", fwd.header("Route"));
    }

    @Test
    void validationAnswers416And420And483() {
        receive(invite("http://example.com/bob"), UAC);
        assertEquals(416, lastResponseTo(UAC).status());
        receive(invite("sip:bob@127.0.0.1:5060", "Proxy-Require", "foo"), UAC);
        assertEquals(420, lastResponseTo(UAC).status());
        assertEquals("foo", lastResponseTo(UAC).header("Unsupported"));
        Request mf0 = invite("sip:bob@127.0.0.1:5060");
        mf0.set("Max-Forwards", 0);
        receive(mf0, UAC);
        assertEquals(483, lastResponseTo(UAC).status());
        assertTrue(requestsTo(BOB, "INVITE").isEmpty());
    }

    @Test
    void loopIs482ButASpiralIsForwarded() {
        receive(invite("sip:bob@127.0.0.1:5060"), UAC);
        Request fwd = requestsTo(BOB, "INVITE").get(0);
        Request back = (Request) MessageParser.parse(fwd.toBytes());
        back.uri(Uri.parse("sip:bob@127.0.0.1:5060")); // unchanged: the same Request-URI as received first
        back.addFirst("Via", "SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bKbob1");
        receive(back, BOB);
        assertEquals(482, lastResponseTo(BOB).status());
        assertEquals(1, proxy.stats().loops.sum());
        Request spiral = (Request) MessageParser.parse(fwd.toBytes()); // sent to us with another Request-URI
        spiral.uri(Uri.parse("sip:two@127.0.0.1:5060"));
        spiral.addFirst("Via", "SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bKbob2");
        receive(spiral, BOB);
        assertEquals(1, requestsTo(CAROL, "INVITE").size());
        assertEquals(1, proxy.stats().loops.sum());
    }

    @Test
    void ackOfA2xxAndStray2xxAreForwardedStatelessly() {
        Request ack = new Request("ACK", Uri.parse("sip:bob@127.0.0.1:5071"))
                .add("Via", "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKack1").add("Max-Forwards", 70)
                .add("Route", "<sip:127.0.0.1:5060;transport=udp;lr>").add("From", "<sip:alice@x>;tag=a")
                .add("To", "<sip:bob@x>;tag=b").add("Call-ID", "c1").add("CSeq", "1 ACK");
        receive(ack, UAC);
        receive(ack, UAC); // a retransmission gets the same branch (§16.11)
        List<Request> acks = new ArrayList<>();
        for (Sent s : sent) if (s.to.equals(BOB) && s.message instanceof Request r) acks.add(r);
        assertEquals(2, acks.size());
        assertFalse(acks.get(0).has("Route"));
        assertEquals(2, acks.get(0).vias().size());
        assertEquals(acks.get(0).via().branch(), acks.get(1).via().branch());
        Response ok = new Response(200, null).add("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKgone.1")
                .add("Via", "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKinv;received=127.0.0.1")
                .add("From", "<sip:alice@x>;tag=a").add("To", "<sip:bob@x>;tag=b").add("Call-ID", "c1")
                .add("CSeq", "1 INVITE");
        receive(ok, BOB);
        assertEquals(List.of(200), statusesTo(UAC));
        assertEquals(1, lastResponseTo(UAC).vias().size());
    }

    @Test
    void cancelWithoutAContextIs481() {
        Request cancel = new Request("CANCEL", Uri.parse("sip:bob@127.0.0.1:5060"))
                .add("Via", "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKnone").add("Max-Forwards", 70)
                .add("From", "<sip:alice@x>;tag=a").add("To", "<sip:bob@x>").add("Call-ID", "c9").add("CSeq", "1 CANCEL");
        receive(cancel, UAC);
        assertEquals(List.of(481), statusesTo(UAC));
    }

    @Test
    void unknownUserIs404AndAnEmptyTargetSetIs480() {
        receive(invite("sip:nobody@127.0.0.1:5060"), UAC);
        assertEquals(404, lastResponseTo(UAC).status());
        proxy = new Proxy(core, r -> java.util.concurrent.CompletableFuture.completedFuture(List.of()));
        core.user(proxy);
        receive(invite("sip:bob@127.0.0.1:5060"), UAC);
        assertEquals(480, lastResponseTo(UAC).status());
        assertNotNull(lastResponseTo(UAC).to().tag());
    }

    @Test
    void asyncLookupContinuesOnTheLoopAndCancelMeanwhileGets487() {
        java.util.concurrent.CompletableFuture<List<Uri>> pending = new java.util.concurrent.CompletableFuture<>();
        proxy = new Proxy(core, r -> pending);
        core.user(proxy);
        Request inv = invite("sip:bob@127.0.0.1:5060");
        receive(inv, UAC);
        assertEquals(1, proxy.calls().size());
        Request cancel = new Request("CANCEL", inv.uri()).add("Via", inv.header("Via")).add("Max-Forwards", 70)
                .add("From", inv.header("From")).add("To", inv.header("To")).add("Call-ID", inv.callId())
                .add("CSeq", "1 CANCEL");
        receive(cancel, UAC);
        assertEquals(List.of(100, 200, 487), statusesTo(UAC));
        pending.complete(List.of(uri("bob", BOB)));
        clock.advance(0);
        assertTrue(requestsTo(BOB, "INVITE").isEmpty());
        assertTrue(proxy.calls().isEmpty());

        java.util.concurrent.CompletableFuture<List<Uri>> later = new java.util.concurrent.CompletableFuture<>();
        proxy = new Proxy(core, r -> later);
        core.user(proxy);
        receive(invite("sip:bob@127.0.0.1:5060"), UAC);
        later.complete(List.of(uri("bob", BOB)));
        assertTrue(requestsTo(BOB, "INVITE").isEmpty(), "not before the loop runs it");
        clock.advance(0);
        assertEquals(1, requestsTo(BOB, "INVITE").size());
    }
}
