package org.peerline.sip.proxy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.MessageParser;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.Uri;
import org.peerline.sip.stack.Tags;
import org.peerline.sip.transaction.ClientTransaction;
import org.peerline.sip.transaction.Scheduler;
import org.peerline.sip.transaction.ServerTransaction;

/**
 * A response context (RFC 3261 §16.7): one per proxied request. It holds the server transaction, the branches
 * (client transactions, §16.6) with their Timer C (§16.8), the targets still to try (sequential forking, §16.6),
 * and the final responses to choose the best from once every branch is done (§16.7 step 6). Provisionals other
 * than 100 and every 2xx go upstream at once (step 5); a 2xx or 6xx stops new branches and CANCELs the pending
 * ones (steps 5 and 10, §16.10). Runs on the core's event loop; {@link Proxy#calls()} only reads it.
 */
final class ResponseContext {
    /** How long a branch may stay unanswered after its CANCEL before it counts as a 408 (§9.1: 64*T1). */
    static final long CANCEL_WAIT = 32_000;

    /** One forwarded copy of the request and its client transaction (§16.6). */
    static final class Branch {
        final ResponseContext ctx;
        final Uri target;
        final Request request;
        ClientTransaction tx;
        volatile boolean provisional;
        volatile Response fin;
        boolean cancelSent;
        boolean cancelWanted;
        Scheduler.Timer timerC;

        Branch(ResponseContext ctx, Uri target, Request request) {
            this.ctx = ctx;
            this.target = target;
            this.request = request;
        }

        boolean done() {
            return fin != null;
        }
    }

    /** Attached to the client transaction of a CANCEL the proxy sent, whose responses are absorbed. */
    record CancelOf(Branch branch) {
    }

    final Proxy proxy;
    final ServerTransaction server;
    /** The request after §16.3 and §16.4: what each branch copies. */
    final Request request;
    final String hash;
    final boolean recordRoute;
    final long started = System.currentTimeMillis();
    final List<Branch> branches = new CopyOnWriteArrayList<>();
    final Deque<Uri> targets = new ArrayDeque<>();
    final List<Response> finals = new CopyOnWriteArrayList<>();
    final boolean invite;
    volatile boolean lookupPending;
    volatile boolean finalSent;
    volatile int forwardedStatus;
    boolean stopped;

    ResponseContext(Proxy proxy, ServerTransaction server, Request request, String hash, boolean recordRoute) {
        this.proxy = proxy;
        this.server = server;
        this.request = request;
        this.hash = hash;
        this.recordRoute = recordRoute;
        this.invite = request.method().equals(Request.INVITE);
    }

    /** §16.5: adds targets (never one twice), then starts branches. */
    void addTargets(List<Uri> found) {
        lookupPending = false;
        for (Uri u : found) {
            boolean known = targets.stream().anyMatch(t -> t.equivalent(u))
                    || branches.stream().anyMatch(b -> b.target.equivalent(u));
            if (!known) targets.add(u);
        }
        next();
    }

    /** §16.6: parallel forking starts every target, sequential one at a time; then maybe answer (§16.7 step 6). */
    void next() {
        while (!stopped && !targets.isEmpty()
                && (proxy.forking() == Proxy.Forking.PARALLEL || branches.stream().allMatch(Branch::done))) {
            proxy.forward(this, targets.poll());
        }
        finishIfDone();
    }

    /** §16.7 steps 1-3: a response of a branch; the top Via (ours) is removed from the copy sent upstream. */
    void received(Branch b, Response r) {
        Response fwd = (Response) MessageParser.parse(r.toBytes());
        fwd.removeFirst(HeaderNames.VIA);
        handle(b, fwd);
    }

    /** A response the proxy acts as if it had received (408 for Timer C or Timer B, 503 for a transport error). */
    void synthesize(Branch b, int status) {
        if (!b.done()) handle(b, Response.to(request, status, null, null));
    }

    /** §16.7 steps 4-5 and 10. */
    private void handle(Branch b, Response fwd) {
        int code = fwd.status();
        if (code < 200) {
            if (b.done()) { // a branch given up on (Timer C, 408) rings after all: cancel it (§16.8)
                if (!b.cancelSent) proxy.sendCancel(b);
                return;
            }
            b.provisional = true;
            if (b.cancelWanted) proxy.sendCancel(b); // §9.1: the CANCEL waited for a provisional
            else if (invite) proxy.startTimerC(b); // §16.7 step 2: reset Timer C
            if (code > 100 && !finalSent) server.respond(fwd); // step 5: 100 is never forwarded
            return;
        }
        if (b.done()) { // a 2xx retransmission (RFC 6026), or a 2xx after the branch was given up: still forwarded
            if (code < 300) proxy.forwardUpstream(this, fwd);
            return;
        }
        b.fin = fwd;
        if (b.timerC != null) b.timerC.cancel();
        if (code < 300) {
            finalSent = true;
            forwardedStatus = code;
            proxy.forwardUpstream(this, fwd); // step 5: every 2xx at once
            stop(); // step 10
            finishIfDone();
            return;
        }
        finals.add(fwd);
        if (code >= 600) stop(); // step 5: a 6xx cancels the rest and ends forking
        next();
    }

    /** No new branches; CANCEL the pending ones (§16.7 step 10, §16.10). */
    void stop() {
        stopped = true;
        targets.clear();
        for (Branch b : branches) cancel(b);
    }

    /** §16.10: CANCEL a branch with a provisional now, one without when its provisional arrives. */
    void cancel(Branch b) {
        if (b.done() || b.cancelSent || !invite) return;
        if (b.provisional) proxy.sendCancel(b);
        else b.cancelWanted = true;
    }

    /** §16.10: a CANCEL from upstream; 487 by the proxy itself if no branch was started yet. */
    void cancelled() {
        stop();
        if (branches.isEmpty() && !finalSent) {
            finalSent = true;
            forwardedStatus = 487;
            server.respond(Response.to(request, 487, null, Tags.tag()));
        }
        finishIfDone();
    }

    /** §16.8: Timer C fired: CANCEL a branch that rang, else act as on a 408. */
    void timerC(Branch b) {
        if (b.done()) return;
        proxy.stats().timerC.increment();
        if (b.provisional && !b.cancelSent) {
            proxy.sendCancel(b);
            b.timerC = proxy.scheduler().schedule(CANCEL_WAIT, () -> synthesize(b, 408));
        } else {
            synthesize(b, 408);
        }
    }

    /** §16.7 step 6-9: once every branch is done and no target is left, forward the best final response. */
    void finishIfDone() {
        if (lookupPending || branches.stream().anyMatch(b -> !b.done())) return;
        if (!finalSent && (stopped || targets.isEmpty())) {
            Response best = best();
            finalSent = true;
            forwardedStatus = best.status();
            server.respond(best);
        }
        if (finalSent) proxy.ended(this);
    }

    /**
     * §16.7 step 6: a 6xx if any, else the lowest class; within a class, challenges (401/407) before other
     * responses before the uninformative ones (404, 408, 480, 500, 503), then the earliest. A 503 goes up as 500;
     * no final at all gives 408. Step 7: a 401/407 carries the challenges of every other 401/407.
     */
    Response best() {
        Response best = null;
        for (Response r : finals) if (best == null || better(r, best)) best = r;
        if (best == null) best = Response.to(request, 408, null, null);
        if (best.status() == 401 || best.status() == 407) {
            for (Response r : finals) {
                if (r == best || r.status() != 401 && r.status() != 407) continue;
                for (String h : new String[] {HeaderNames.WWW_AUTHENTICATE, HeaderNames.PROXY_AUTHENTICATE}) {
                    for (String c : r.headers(h)) if (!best.headers(h).contains(c)) best.add(h, c);
                }
            }
        }
        if (best.status() == 503) best = withStatus(best, 500);
        if (best.to().tag() == null) best.set(HeaderNames.TO, best.to().withTag(Tags.tag()));
        return best;
    }

    private static boolean better(Response a, Response b) {
        int ca = a.status() / 100;
        int cb = b.status() / 100;
        if ((ca == 6) != (cb == 6)) return ca == 6;
        if (ca != cb) return ca < cb;
        return rank(a.status()) < rank(b.status());
    }

    private static int rank(int status) {
        return switch (status) {
            case 401, 407 -> 0;
            case 404, 408, 480, 500, 503 -> 2;
            default -> 1;
        };
    }

    /** The same response with another status line (§16.7 step 6: 503 becomes 500). */
    static Response withStatus(Response r, int status) {
        byte[] bytes = r.toBytes();
        int eol = 0;
        while (eol + 1 < bytes.length && !(bytes[eol] == '\r' && bytes[eol + 1] == '\n')) eol++;
        byte[] line = ("SIP/2.0 " + status + " " + new Response(status, null).reason())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[line.length + bytes.length - eol];
        System.arraycopy(line, 0, out, 0, line.length);
        System.arraycopy(bytes, eol, out, line.length, bytes.length - eol);
        return (Response) MessageParser.parse(out);
    }
}
