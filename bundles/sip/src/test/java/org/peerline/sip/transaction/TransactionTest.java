package org.peerline.sip.transaction;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerline.sip.message.MessageParser;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipMessage;
import org.peerline.sip.message.SipUri;

/** RFC 3261 §17 state machines and timers (with RFC 6026), under virtual time. */
class TransactionTest {
    private static final Hop UDP = new Hop("udp", new InetSocketAddress("127.0.0.1", 5070), null);
    private static final Hop TCP = new Hop("tcp", new InetSocketAddress("127.0.0.1", 5070), null);

    private final VirtualScheduler clock = new VirtualScheduler();
    private final List<SipMessage> sent = new ArrayList<>();
    private final List<Long> sentAt = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final List<ServerTransaction> serverTx = new ArrayList<>();
    private TransactionLayer layer;

    @BeforeEach
    void setUp() {
        layer = new TransactionLayer(Timers.DEFAULT, clock, (m, hop, err) -> {
            sent.add(MessageParser.parse(m.toBytes()));
            sentAt.add(clock.now());
        }, new TransactionUser() {
            public void request(ServerTransaction tx, Request r) {
                events.add("request " + r.method());
                serverTx.add(tx);
            }

            public void ack(Request ack, Hop from) {
                events.add("ack");
            }

            public void response(ClientTransaction tx, Response r) {
                events.add("response " + r.status());
            }

            public void stray(Response r, Hop from) {
                events.add("stray " + r.status());
            }

            public void timeout(ClientTransaction tx) {
                events.add("timeout " + tx.request().method());
            }

            public void noAck(ServerTransaction tx) {
                events.add("noAck");
            }
        });
    }

    static Request request(String method) {
        return new Request(method, SipUri.parse("sip:bob@127.0.0.1:5070"))
                .add("Via", TransactionLayer.via("udp", "127.0.0.1:5060")).add("Max-Forwards", 70)
                .add("From", "<sip:alice@127.0.0.1>;tag=a").add("To", "<sip:bob@127.0.0.1>")
                .add("Call-ID", "call-" + method).add("CSeq", "1 " + method);
    }

    private Response reply(int status) {
        return Response.to((Request) sent.get(0), status, null, "b");
    }

    @Test
    void inviteClientRetransmitsWithTimerADoublingAndGivesUpWithTimerB() {
        layer.send(request("INVITE"), UDP);
        clock.advance(40_000);
        // Timer A: 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s; Timer B at 32 s
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L), sentAt);
        assertEquals(List.of("timeout INVITE"), events);
        assertEquals(0, layer.clientCount());
    }

    @Test
    void nonInviteClientCapsTimerEAtT2() {
        layer.send(request("OPTIONS"), UDP);
        clock.advance(40_000);
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L), sentAt);
        assertEquals(List.of("timeout OPTIONS"), events);
    }

    @Test
    void reliableTransportsDoNotRetransmit() {
        layer.send(request("OPTIONS"), TCP);
        clock.advance(40_000);
        assertEquals(1, sent.size());
        assertEquals(List.of("timeout OPTIONS"), events, "Timer F still applies");
    }

    @Test
    void provisionalStopsTimerAAndNon2xxIsAckedAndAbsorbedUntilTimerD() {
        layer.send(request("INVITE"), UDP);
        layer.received(reply(180), UDP);
        clock.advance(10_000);
        assertEquals(1, sent.size(), "no retransmission once Proceeding");
        layer.received(reply(486), UDP);
        assertEquals("ACK", ((Request) sent.get(1)).method());
        assertEquals("b", sent.get(1).to().tag(), "the ACK carries the response's To");
        layer.received(reply(486), UDP);
        assertEquals(3, sent.size(), "retransmitted final is ACKed again");
        assertEquals(List.of("response 180", "response 486"), events, "the retransmission is not passed up");
        clock.advance(32_001);
        assertEquals(0, layer.clientCount(), "Timer D ended it");
    }

    @Test
    void aRingingInviteDoesNotTimeOut() {
        layer.send(request("INVITE"), UDP);
        layer.received(reply(180), UDP);
        clock.advance(120_000);
        assertEquals(List.of("response 180"), events, "Timer B only runs in Calling (§17.1.1.2); Timer C is the TU's");
        assertEquals(1, layer.clientCount());
    }

    @Test
    void inviteClientAcceptedStatePassesRetransmitted2xxUpUntilTimerM() {
        layer.send(request("INVITE"), UDP);
        layer.received(reply(200), UDP);
        layer.received(reply(200), UDP);
        assertEquals(List.of("response 200", "response 200"), events, "RFC 6026: the TU ACKs each 2xx");
        clock.advance(32_001);
        layer.received(reply(200), UDP);
        assertEquals("stray 200", events.get(2), "after Timer M a 2xx is stray");
    }

    private Request receive(Request r) {
        layer.received(MessageParser.parse(r.toBytes()), UDP);
        return r;
    }

    @Test
    void inviteServerSendsTryingRetransmitsFinalWithTimerGAndConfirmsOnAck() {
        Request inv = receive(request("INVITE"));
        assertEquals(100, ((Response) sent.get(0)).status(), "100 Trying at once");
        assertEquals(List.of("request INVITE"), events);
        receive(inv);
        assertEquals(100, ((Response) sent.get(1)).status(), "retransmission answered with the last provisional");
        assertEquals(List.of("request INVITE"), events, "and not passed up");
        ServerTransaction tx = serverTx.get(0);
        tx.respond(Response.to(inv, 404, null, "b"));
        clock.advance(3_600);
        // final at 0, then Timer G: 0.5, 1.5, 3.5
        assertEquals(List.of(0L, 0L, 0L, 500L, 1500L, 3500L), sentAt);
        Request ack = new Request("ACK", inv.uri()).add("Via", inv.header("Via")).add("From", inv.header("From"))
                .add("To", inv.header("To") + ";tag=b").add("Call-ID", inv.callId()).add("CSeq", "1 ACK");
        receive(ack);
        assertEquals(Transaction.State.CONFIRMED, tx.state());
        clock.advance(10_000);
        assertEquals(6, sent.size(), "no retransmission after the ACK");
        assertEquals(Transaction.State.TERMINATED, tx.state(), "Timer I");
    }

    @Test
    void timerHReportsAMissingAck() {
        receive(request("INVITE"));
        serverTx.get(0).respond(Response.to((Request) MessageParser.parse(request("INVITE").toBytes()), 486, null, "b"));
        clock.advance(32_001);
        assertTrue(events.contains("noAck"));
        assertEquals(0, layer.serverCount());
    }

    @Test
    void nonInviteServerAbsorbsRetransmissionsUntilTimerJ() {
        Request opt = receive(request("OPTIONS"));
        serverTx.get(0).respond(Response.to(opt, 200, null, "b"));
        receive(opt);
        assertEquals(2, sent.size(), "the final is resent for the retransmission");
        assertEquals(200, ((Response) sent.get(1)).status());
        clock.advance(32_001);
        assertEquals(0, layer.serverCount());
        receive(opt);
        assertEquals(List.of("request OPTIONS", "request OPTIONS"), events, "after Timer J it is new");
    }

    @Test
    void ackOf2xxGoesToTheTuAndCancelFindsItsInvite() {
        Request inv = receive(request("INVITE"));
        Request cancel = new Request("CANCEL", inv.uri()).add("Via", inv.header("Via")).add("From", inv.header("From"))
                .add("To", inv.header("To")).add("Call-ID", inv.callId()).add("CSeq", "1 CANCEL");
        assertSame(serverTx.get(0), layer.inviteFor((Request) MessageParser.parse(cancel.toBytes())));
        serverTx.get(0).respond(Response.to(inv, 200, null, "b"));
        Request ack = request("ACK");
        receive(ack);
        assertEquals("ack", events.get(events.size() - 1));
    }

    @Test
    void rfc2543RequestsMatchWithoutTheMagicCookie() {
        Request old = request("OPTIONS");
        old.set("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=oldstyle");
        receive(old);
        receive(old);
        assertEquals(List.of("request OPTIONS"), events, "the retransmission matched by the RFC 2543 rules");
    }

    @Test
    void transportErrorEndsTheTransaction() {
        List<String> errors = new ArrayList<>();
        TransactionLayer failing = new TransactionLayer(Timers.DEFAULT, clock, (m, hop, err) -> err.accept(
                new java.io.IOException("unreachable")), new TransactionUser() {
            public void request(ServerTransaction tx, Request r) { }
            public void ack(Request ack, Hop from) { }
            public void response(ClientTransaction tx, Response r) { }
            public void timeout(ClientTransaction tx) { }
            public void transportError(Transaction tx, Throwable cause) {
                errors.add(cause.getMessage());
            }
        });
        failing.send(request("OPTIONS"), UDP);
        assertEquals(List.of("unreachable"), errors);
        assertEquals(0, failing.clientCount());
    }
}
