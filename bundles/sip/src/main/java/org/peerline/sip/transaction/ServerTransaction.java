package org.peerline.sip.transaction;

import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;

/**
 * A server transaction: INVITE (RFC 3261 §17.2.1, Figure 7, with RFC 6026's Accepted state and Timer L) or
 * non-INVITE (§17.2.2, Figure 8). Absorbs request retransmissions by resending the last response, retransmits
 * INVITE finals over unreliable transports (Timer G) until the ACK comes (Timer H gives up, Timer I absorbs ACK
 * retransmissions), and keeps non-INVITE finals for retransmissions (Timer J).
 */
public final class ServerTransaction extends Transaction {
    private Response last;
    private long interval;

    ServerTransaction(TransactionLayer layer, Request request, String key, Hop hop) {
        super(layer, request, key, hop, request.method().equals(Request.INVITE) ? State.PROCEEDING : State.TRYING);
    }

    /** The last response sent, or null. */
    public Response lastResponse() {
        return last;
    }

    /** Sends a response (the TU's only way to answer, RFC 3261 §17.2). Ignored once the transaction is done. */
    public void respond(Response r) {
        int code = r.status();
        switch (state) {
            case TRYING, PROCEEDING -> {
                last = r;
                layer.send(this, r);
                if (code < 200) {
                    state = State.PROCEEDING;
                } else if (isInvite() && code < 300) {
                    state = State.ACCEPTED; // RFC 6026 §7.1, Timer L
                    timeoutTimer(layer.timers.sixtyFourT1(), this::terminate);
                } else if (isInvite()) {
                    state = State.COMPLETED;
                    if (!hop.reliable()) {
                        interval = layer.timers.t1();
                        retransmitTimer(interval, this::retransmit); // Timer G
                    }
                    timeoutTimer(layer.timers.sixtyFourT1(), this::noAck); // Timer H
                } else {
                    state = State.COMPLETED;
                    timeoutTimer(hop.reliable() ? 0 : layer.timers.sixtyFourT1(), this::terminate); // Timer J
                }
            }
            case ACCEPTED -> {
                if (code >= 200 && code < 300) { // RFC 6026 §7.1: the UAS core's 2xx retransmissions pass here
                    last = r;
                    layer.send(this, r);
                }
            }
            default -> { }
        }
    }

    private void retransmit() {
        if (state != State.COMPLETED) return;
        layer.send(this, last);
        interval = Math.min(2 * interval, layer.timers.t2());
        retransmitTimer(interval, this::retransmit);
    }

    private void noAck() {
        if (state != State.COMPLETED) return;
        terminate();
        layer.tu.noAck(this);
    }

    /** A retransmission of the request, or the ACK of a non-2xx final. */
    void received(Request r, Hop from) {
        if (r.method().equals(Request.ACK)) {
            if (state == State.COMPLETED) {
                state = State.CONFIRMED;
                cancelRetransmit();
                timeoutTimer(hop.reliable() ? 0 : layer.timers.t4(), this::terminate); // Timer I
            } else if (state == State.ACCEPTED) {
                layer.tu.ack(r, from); // RFC 6026 §7.1: the ACK of the 2xx goes to the TU
            }
            return;
        }
        if (last != null && (state == State.PROCEEDING || state == State.COMPLETED)) layer.send(this, last);
    }

    void transportFailed(Throwable cause) {
        if (state == State.TERMINATED) return;
        terminate();
        layer.tu.transportError(this, cause);
    }
}
