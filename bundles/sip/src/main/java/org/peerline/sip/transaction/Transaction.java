package org.peerline.sip.transaction;

import org.peerline.sip.message.Request;

/** What client and server transactions share (RFC 3261 §17): the request, the hop, the state, the timers. */
public abstract sealed class Transaction permits ClientTransaction, ServerTransaction {
    /** The states of RFC 3261 Figures 5-8, with Accepted from RFC 6026 §7.1 and §7.2. */
    public enum State { CALLING, TRYING, PROCEEDING, ACCEPTED, COMPLETED, CONFIRMED, TERMINATED }

    final TransactionLayer layer;
    final Request request;
    final String key;
    Hop hop;
    State state;
    private Scheduler.Timer retransmit;
    private Scheduler.Timer timeout;
    /** Application data a TU may hang on the transaction (a proxy's response context, a dialog). */
    public Object attachment;

    Transaction(TransactionLayer layer, Request request, String key, Hop hop, State initial) {
        this.layer = layer;
        this.request = request;
        this.key = key;
        this.hop = hop;
        this.state = initial;
    }

    public Request request() {
        return request;
    }

    public State state() {
        return state;
    }

    public Hop hop() {
        return hop;
    }

    public String key() {
        return key;
    }

    public boolean isInvite() {
        return request.method().equals(Request.INVITE);
    }

    void retransmitTimer(long delay, Runnable r) {
        cancelRetransmit();
        retransmit = layer.scheduler.schedule(delay, r);
    }

    void cancelRetransmit() {
        if (retransmit != null) retransmit.cancel();
        retransmit = null;
    }

    void timeoutTimer(long delay, Runnable r) {
        if (timeout != null) timeout.cancel();
        timeout = delay <= 0 ? null : layer.scheduler.schedule(delay, r);
        if (delay <= 0) r.run();
    }

    void cancelTimeout() {
        if (timeout != null) timeout.cancel();
        timeout = null;
    }

    void terminate() {
        if (state == State.TERMINATED) return;
        state = State.TERMINATED;
        cancelRetransmit();
        if (timeout != null) timeout.cancel();
        layer.remove(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + request.method() + " " + key + " " + state + "]";
    }
}
