package org.peerline.sip.transaction;

import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;

/**
 * A client transaction: INVITE (RFC 3261 §17.1.1, Figure 5, with RFC 6026's Accepted state and Timer M) or
 * non-INVITE (§17.1.2, Figure 6). Retransmits over unreliable transports with Timers A and E, gives up with
 * Timers B and F, absorbs retransmitted finals (Timers D and K), and builds the ACK for non-2xx finals (§17.1.1.3).
 */
public final class ClientTransaction extends Transaction {
    private long interval;
    private Response last;

    ClientTransaction(TransactionLayer layer, Request request, String key, Hop hop) {
        super(layer, request, key, hop, request.method().equals(Request.INVITE) ? State.CALLING : State.TRYING);
    }

    /** The most recent response received, or null. */
    public Response lastResponse() {
        return last;
    }

    void start() {
        layer.send(this, request);
        Timers t = layer.timers;
        if (!hop.reliable()) {
            interval = t.t1();
            retransmitTimer(interval, this::retransmit);
        }
        timeoutTimer(t.sixtyFourT1(), this::timedOut); // Timer B or F
    }

    /** Timer A (doubling, §17.1.1.2) or Timer E (doubling up to T2, fixed at T2 once Proceeding, §17.1.2.2). */
    private void retransmit() {
        if (state != State.CALLING && state != State.TRYING && state != State.PROCEEDING) return;
        layer.send(this, request);
        interval = isInvite() ? 2 * interval
                : state == State.PROCEEDING ? layer.timers.t2() : Math.min(2 * interval, layer.timers.t2());
        retransmitTimer(interval, this::retransmit);
    }

    private void timedOut() {
        if (state == State.CALLING || state == State.TRYING || state == State.PROCEEDING) {
            terminate();
            layer.tu.timeout(this);
        } else {
            terminate(); // Timer D, K or M
        }
    }

    void received(Response r) {
        int code = r.status();
        switch (state) {
            case CALLING, TRYING, PROCEEDING -> {
                last = r;
                if (code < 200) {
                    if (isInvite()) { // §17.1.1.2: Proceeding stops Timer A, and Timer B applies only in Calling
                        cancelRetransmit();
                        cancelTimeout();
                    }
                    state = State.PROCEEDING;
                    layer.tu.response(this, r);
                } else if (isInvite() && code < 300) {
                    state = State.ACCEPTED; // RFC 6026 §7.2: wait for 2xx retransmissions, Timer M
                    cancelRetransmit();
                    timeoutTimer(layer.timers.sixtyFourT1(), this::timedOut);
                    layer.tu.response(this, r);
                } else {
                    state = State.COMPLETED;
                    cancelRetransmit();
                    if (isInvite()) layer.send(this, ack(r));
                    long wait = hop.reliable() ? 0 : isInvite() ? 32_000 : layer.timers.t4(); // Timer D / K
                    layer.tu.response(this, r);
                    if (state != State.TERMINATED) timeoutTimer(wait, this::timedOut);
                }
            }
            case ACCEPTED -> {
                if (code >= 200 && code < 300) layer.tu.response(this, r); // RFC 6026: the TU re-ACKs
            }
            case COMPLETED -> {
                if (isInvite() && code >= 300) layer.send(this, ack(r)); // §17.1.1.2: ACK each retransmission
            }
            default -> { }
        }
    }

    /**
     * The ACK of a non-2xx final response (RFC 3261 §17.1.1.3): same Request-URI, top Via, Call-ID, From, CSeq
     * number and Route as the INVITE, the To of the response.
     */
    Request ack(Response r) {
        Request ack = new Request(Request.ACK, request.uri());
        ack.add(HeaderNames.VIA, request.values(HeaderNames.VIA).get(0));
        String mf = request.header(HeaderNames.MAX_FORWARDS);
        ack.add(HeaderNames.MAX_FORWARDS, mf == null ? "70" : mf);
        ack.add(HeaderNames.FROM, request.header(HeaderNames.FROM));
        ack.add(HeaderNames.TO, r.header(HeaderNames.TO));
        ack.add(HeaderNames.CALL_ID, request.header(HeaderNames.CALL_ID));
        ack.add(HeaderNames.CSEQ, request.cseq().number() + " ACK");
        for (String route : request.headers(HeaderNames.ROUTE)) ack.add(HeaderNames.ROUTE, route);
        return ack;
    }

    void transportFailed(Throwable cause) {
        if (state == State.TERMINATED) return;
        terminate();
        layer.tu.transportError(this, cause);
    }
}
