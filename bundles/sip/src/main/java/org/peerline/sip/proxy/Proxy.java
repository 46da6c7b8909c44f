package org.peerline.sip.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.peerline.sip.message.Address;
import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.MessageParser;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipParseException;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.message.Uri;
import org.peerline.sip.message.Validator;
import org.peerline.sip.message.Via;
import org.peerline.sip.stack.SipCore;
import org.peerline.sip.stack.Tags;
import org.peerline.sip.transaction.ClientTransaction;
import org.peerline.sip.transaction.Hop;
import org.peerline.sip.transaction.Scheduler;
import org.peerline.sip.transaction.ServerTransaction;
import org.peerline.sip.transaction.Transaction;
import org.peerline.sip.transaction.TransactionUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transaction-stateful proxy core (RFC 3261 §16), installed with {@code core.user(proxy)}: validates requests
 * (§16.3: 416, 483, 482, 420), preprocesses route information (§16.4: strict-router fix-up, our Route removed,
 * maddr), determines targets (§16.5: the Request-URI when not ours, else {@link Targets}), forwards one branch per
 * target in parallel or in sequence (§16.6: Max-Forwards, Record-Route, Via with a loop-detecting branch, Timer C),
 * and answers through a {@link ResponseContext} (§16.7). CANCEL is answered and propagated (§16.10); ACKs of 2xx
 * and responses matching no transaction are forwarded statelessly (§16.11). Configure before the first request;
 * everything else runs on the core's event loop.
 */
public final class Proxy implements TransactionUser {
    private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);
    private static final Set<String> SCHEMES = Set.of("sip", "sips", "tel");
    private static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls", "ws", "wss", "sctp");
    private static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, REGISTER";

    /** Parallel: every target at once; sequential: the next target after a non-2xx final (§16.6). */
    public enum Forking { PARALLEL, SEQUENTIAL }

    /** Counters (thread-safe). */
    public static final class Stats {
        /** Requests received (each new server transaction, and ACKs). */
        public final LongAdder requests = new LongAdder();
        public final Map<String, LongAdder> methods = new ConcurrentHashMap<>();
        /** Responses received from branches. */
        public final LongAdder responses = new LongAdder();
        public final LongAdder branches = new LongAdder();
        public final LongAdder timerC = new LongAdder();
        /** CANCELs sent downstream. */
        public final LongAdder cancels = new LongAdder();
        /** Requests answered by the proxy itself (errors, OPTIONS, 487). */
        public final LongAdder answered = new LongAdder();
        public final LongAdder loops = new LongAdder();
        /** ACKs and responses forwarded statelessly (§16.11), and ACKs dropped. */
        public final LongAdder statelessRequests = new LongAdder();
        public final LongAdder statelessResponses = new LongAdder();
        public final LongAdder dropped = new LongAdder();
    }

    /** One active response context, for a calls table. */
    public record Call(String callId, String method, String requestUri, String from, String to, int branches,
                       int pending, int status, long ageMillis) {
    }

    private final SipCore core;
    private final Targets targets;
    private final Stats stats = new Stats();
    private final Map<ServerTransaction, ResponseContext> contexts = new ConcurrentHashMap<>();
    private final Set<String> domains = new HashSet<>();
    private Set<String> extensions = Set.of();
    private boolean recordRoute = true;
    private Forking forking = Forking.PARALLEL;
    private long timerC = 181_000;
    private Function<Uri, Hop> resolver = Proxy::directHop;
    private long branchSeq;

    public Proxy(SipCore core, Targets targets) {
        this.core = core;
        this.targets = targets;
    }

    // ---- configuration ------------------------------------------------------------------------------------

    /** Whether to add Record-Route (§16.6 step 4), so that requests in the dialog pass through this proxy. */
    /**
     * Stateless operation (RFC 3261 §16.11): no transactions, one target per request (no forking), the branch a
     * hash of the request so that a retransmission is forwarded identically, responses forwarded by their Via.
     */
    public Proxy stateless(boolean on) {
        statelessMode = on;
        return this;
    }

    private boolean statelessMode;

    @Override
    public boolean stateless(Request r) {
        return statelessMode;
    }

    /** §16.11: validate as §16.3 says, then forward to the first target; errors are answered statelessly. */
    @Override
    public void statelessRequest(Request r, Hop from) {
        count(r);
        try {
            Validator.Rejection rej = Validator.check(r, SCHEMES, extensions, HeaderNames.PROXY_REQUIRE);
            Response refusal = rej != null ? rej.toResponse(r)
                    : r.maxForwards() == 0 ? Response.to(r, 483, null, Tags.tag()) : null;
            Request req = r.copy();
            preprocess(req, from);
            if (refusal == null && Loops.looped(req, this::oursSentBy)) refusal = Response.to(r, 482, null, Tags.tag());
            if (refusal != null) {
                if (refusal.to().tag() == null) refusal.set(HeaderNames.TO, refusal.to().withTag(Tags.tag()));
                core.transactions().sendStateless(refusal, SipCore.responseHop(refusal, from));
                return;
            }
            String hash = Loops.hash(req, req.values(HeaderNames.VIA).get(0));
            if (req.has(HeaderNames.ROUTE) || !(req.uri() instanceof SipUri) || !ours(req.uri())) {
                forwardStateless(req, req.uri(), hash);
                return;
            }
            lookup(req, (found, err) -> {
                if (err == null && !found.isEmpty()) {
                    forwardStateless(req, found.get(0), hash);
                } else {
                    int status = err instanceof Targets.Rejected t ? t.status() : err == null ? 480 : 500;
                    Response resp = Response.to(r, status, null, Tags.tag());
                    core.transactions().sendStateless(resp, SipCore.responseHop(resp, from));
                }
            });
        } catch (RuntimeException e) {
            stats.dropped.increment();
            LOG.debug("{} not forwarded statelessly: {}", r.method(), e.toString());
        }
    }

    public Proxy recordRoute(boolean on) {
        recordRoute = on;
        return this;
    }

    public Proxy forking(Forking f) {
        forking = f;
        return this;
    }

    public Forking forking() {
        return forking;
    }

    /** Timer C (§16.6 step 11: above 3 minutes; 181 s by default; shorter values are for tests). */
    public Proxy timerC(Duration d) {
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("Timer C must be positive");
        timerC = d.toMillis();
        return this;
    }

    /**
     * Domains and addresses this proxy is responsible for (§16.5): {@code host} (any port) or {@code host:port}.
     * The addresses of the stack's endpoints are always its own.
     */
    public Proxy domains(String... names) {
        for (String n : names) domains.add(n.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Option tags accepted in Proxy-Require (§16.3 step 5); others get 420. */
    public Proxy extensions(Set<String> tags) {
        extensions = Set.copyOf(tags);
        return this;
    }

    /** How a URI becomes a hop (§16.6 step 7; RFC 3263 in production, numeric addresses by default). */
    public Proxy resolver(Function<Uri, Hop> r) {
        resolver = r;
        return this;
    }

    public Stats stats() {
        return stats;
    }

    /** Active response contexts (a snapshot, readable from any thread). */
    public List<Call> calls() {
        long now = System.currentTimeMillis();
        List<Call> out = new ArrayList<>();
        for (ResponseContext c : contexts.values()) {
            Request r = c.request;
            out.add(new Call(r.callId(), r.method(), r.uriText(), r.header(HeaderNames.FROM), r.header(HeaderNames.TO),
                    c.branches.size(), (int) c.branches.stream().filter(b -> !b.done()).count(), c.forwardedStatus,
                    now - c.started));
        }
        return out;
    }

    /** §8.1.2 with numeric hosts: maddr or host, the transport parameter (default UDP, TLS for sips), the port. */
    public static Hop directHop(Uri uri) {
        if (!(uri instanceof SipUri u)) throw new IllegalArgumentException("cannot route to " + uri);
        String t = u.transport() != null ? u.transport() : u.secure() ? "tls" : "udp";
        int port = u.port() > 0 ? u.port() : t.equals("tls") ? 5061 : 5060;
        String host = u.param("maddr") != null ? u.param("maddr") : u.hostAddress();
        return new Hop(t, new InetSocketAddress(host, port), null);
    }

    Scheduler scheduler() {
        return core.scheduler();
    }

    // ---- requests -----------------------------------------------------------------------------------------

    @Override
    public void request(ServerTransaction tx, Request r) {
        count(r);
        try {
            proxy(tx, r);
        } catch (RuntimeException e) { // DESIGN.md principle 5: an answer, never an escaped exception
            LOG.warn("failed on {} {}", r.method(), r.uriText(), e);
            if (tx.lastResponse() == null || tx.lastResponse().provisional()) answer(tx, Response.to(r, 500, null, Tags.tag()));
            if (tx.attachment instanceof ResponseContext ctx) ended(ctx);
        }
    }

    /** §16.2: the proxy steps for a new request. */
    private void proxy(ServerTransaction tx, Request r) {
        if (r.method().equals(Request.CANCEL)) {
            cancel(tx, r);
            return;
        }
        // §16.3 steps 1, 2, 5: syntax, URI scheme (416), Proxy-Require (420, after steps 3 and 4)
        Validator.Rejection rej = Validator.check(r, SCHEMES, extensions, HeaderNames.PROXY_REQUIRE);
        if (rej != null && rej.status() != 420) {
            reject(tx, r, rej);
            return;
        }
        if (r.maxForwards() == 0) { // §16.3 step 3; §11: an OPTIONS may be answered by the proxy itself
            answer(tx, r.method().equals(Request.OPTIONS) ? options(r) : Response.to(r, 483, null, Tags.tag()));
            return;
        }
        Request req = r.copy();
        boolean ourRoute = preprocess(req, tx.hop());
        if (Loops.looped(req, this::oursSentBy)) { // §16.3 step 4
            stats.loops.increment();
            answer(tx, Response.to(r, 482, null, Tags.tag()));
            return;
        }
        if (rej != null) {
            reject(tx, r, rej);
            return;
        }
        boolean forUs = !req.has(HeaderNames.ROUTE) && (!(req.uri() instanceof SipUri) || ours(req.uri()));
        if (forUs && req.method().equals(Request.OPTIONS) && req.uri() instanceof SipUri u && u.user() == null) {
            answer(tx, options(r)); // §11: the proxy itself is the target
            return;
        }
        // §16.6 step 4: in a dialog, Record-Route only if this proxy is on its route set
        boolean rr = recordRoute && (req.to().tag() == null || ourRoute);
        ResponseContext ctx = new ResponseContext(this, tx, req, Loops.hash(req, req.values(HeaderNames.VIA).get(0)), rr);
        tx.attachment = ctx;
        contexts.put(tx, ctx);
        if (!forUs) { // §16.5: a Request-URI we are not responsible for (or a remaining route) is the only target
            ctx.addTargets(List.of(req.uri()));
            return;
        }
        ctx.lookupPending = true;
        lookup(req, (found, err) -> {
            ctx.lookupPending = false;
            if (ctx.finalSent) { // cancelled meanwhile
                ended(ctx);
                return;
            }
            if (err != null || found.isEmpty()) {
                int status = err == null ? 480 : err instanceof Targets.Rejected t ? t.status() : 500;
                if (err != null && !(err instanceof Targets.Rejected)) LOG.warn("target lookup failed for {}", req.uri(), err);
                ctx.finalSent = true;
                ctx.forwardedStatus = status;
                answer(tx, Response.to(r, status, null, Tags.tag()));
                ended(ctx);
            } else {
                ctx.addTargets(found);
            }
        });
    }

    /** Runs a Targets lookup and continues on the event loop (at once if it is already complete). */
    private void lookup(Request req, java.util.function.BiConsumer<List<Uri>, Throwable> then) {
        CompletableFuture<List<Uri>> f;
        try {
            f = targets.lookup(req).toCompletableFuture();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        if (f.isDone()) {
            deliver(f, then);
        } else {
            CompletableFuture<List<Uri>> later = f;
            f.whenComplete((v, e) -> core.scheduler().schedule(0, () -> {
                try {
                    deliver(later, then);
                } catch (RuntimeException x) {
                    LOG.warn("failed after the target lookup for {}", req.uri(), x);
                }
            }));
        }
    }

    private static void deliver(CompletableFuture<List<Uri>> done, java.util.function.BiConsumer<List<Uri>, Throwable> then) {
        List<Uri> found = null;
        Throwable err = null;
        try {
            found = done.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            err = e.getCause() != null ? e.getCause() : e;
        }
        then.accept(found, err);
    }

    /**
     * §16.4: if the Request-URI is a Record-Route value of ours (a strict router put it there), the last Route
     * becomes the Request-URI; a maddr of ours is stripped; the first Route is removed if it is ours (returns true).
     */
    boolean preprocess(Request req, Hop from) {
        if (req.uri() instanceof SipUri u && u.user() == null && ours(u) && req.has(HeaderNames.ROUTE)) {
            List<String> routes = new ArrayList<>(req.values(HeaderNames.ROUTE));
            req.uri(Address.parse(routes.remove(routes.size() - 1)).uri());
            req.remove(HeaderNames.ROUTE);
            for (String route : routes) req.add(HeaderNames.ROUTE, route);
        }
        if (req.uri() instanceof SipUri u && u.param("maddr") != null && oursHost(u.param("maddr"), -1, from.transport())) {
            req.uri(u.withoutParam("maddr").withoutParam("transport").withHostPort(u.host(), -1));
        }
        if (req.has(HeaderNames.ROUTE) && ours(Address.parse(req.values(HeaderNames.ROUTE).get(0)).uri())) {
            req.removeFirst(HeaderNames.ROUTE);
            return true;
        }
        return false;
    }

    /** §16.6 steps 1-11: one branch for {@code target}. */
    void forward(ResponseContext ctx, Uri target) {
        Request req = ctx.request.copy(); // step 1
        req.uri(target); // step 2
        int mf = req.maxForwards();
        req.set(HeaderNames.MAX_FORWARDS, mf < 0 ? 70 : mf - 1); // step 3
        ResponseContext.Branch b = new ResponseContext.Branch(ctx, target, req);
        ctx.branches.add(b);
        stats.branches.increment();
        try {
            if (ctx.recordRoute) req.addFirst(HeaderNames.RECORD_ROUTE, recordRoute(ctx.server.hop().transport())); // 4
            Hop hop = resolver.apply(strictRoute(req) ? req.uri() : nextHop(req)); // steps 6, 7
            req.addFirst(HeaderNames.VIA, via(hop.transport(), Loops.branch(ctx.hash, branchSeq++))); // step 8
            b.tx = core.transactions().send(req, hop); // steps 9, 10
            b.tx.attachment = b;
            if (ctx.invite) startTimerC(b); // step 11
        } catch (RuntimeException e) { // §16.9: as if the branch got a 503
            LOG.debug("cannot forward to {}: {}", target, e.toString());
            ctx.synthesize(b, 503);
        }
    }

    /** §16.6 step 11, §16.7 step 2: (re)start Timer C. */
    void startTimerC(ResponseContext.Branch b) {
        if (b.timerC != null) b.timerC.cancel();
        b.timerC = core.scheduler().schedule(timerC, () -> b.ctx.timerC(b));
    }

    /**
     * §16.6 step 6: a next hop without {@code ;lr} is a strict router: it goes in the Request-URI, the Request-URI
     * at the end of the Route (returns true; step 7 then sends to the new Request-URI).
     */
    private static boolean strictRoute(Request req) {
        if (!req.has(HeaderNames.ROUTE)) return false;
        Address first = Address.parse(req.values(HeaderNames.ROUTE).get(0));
        if (first.sipUri() == null || first.sipUri().lr()) return false;
        req.add(HeaderNames.ROUTE, Address.of(req.uri()));
        req.removeFirst(HeaderNames.ROUTE);
        req.uri(first.uri());
        return true;
    }

    /** §16.6 step 7: the first Route, else the Request-URI. */
    private static Uri nextHop(Request req) {
        return req.has(HeaderNames.ROUTE) ? Address.parse(req.values(HeaderNames.ROUTE).get(0)).uri() : req.uri();
    }

    /** §9.1: a CANCEL for a branch, same Request-URI, top Via, Call-ID, From, To, CSeq number and Route. */
    void sendCancel(ResponseContext.Branch b) {
        b.cancelSent = true;
        if (b.tx == null) return;
        Request sent = b.request;
        Request cancel = new Request(Request.CANCEL, sent.uri()).add(HeaderNames.VIA, sent.values(HeaderNames.VIA).get(0))
                .add(HeaderNames.MAX_FORWARDS, 70).add(HeaderNames.FROM, sent.header(HeaderNames.FROM))
                .add(HeaderNames.TO, sent.header(HeaderNames.TO)).add(HeaderNames.CALL_ID, sent.callId())
                .add(HeaderNames.CSEQ, sent.cseq().number() + " CANCEL");
        for (String route : sent.headers(HeaderNames.ROUTE)) cancel.add(HeaderNames.ROUTE, route);
        stats.cancels.increment();
        core.transactions().send(cancel, b.tx.hop()).attachment = new ResponseContext.CancelOf(b);
    }

    /** §16.10: 200 to the CANCEL and CANCEL every pending branch; 481 when no response context matches. */
    private void cancel(ServerTransaction tx, Request cancel) {
        ServerTransaction invite = core.transactions().inviteFor(cancel);
        ResponseContext ctx = invite == null ? null : contexts.get(invite);
        if (ctx == null) {
            answer(tx, Response.to(cancel, 481, null, Tags.tag()));
            return;
        }
        answer(tx, Response.to(cancel, 200, null, Tags.tag()));
        ctx.cancelled();
    }

    /** §16.11, §16.6: the ACK of a 2xx has no transaction: forwarded statelessly along its route. */
    @Override
    public void ack(Request ack, Hop from) {
        count(ack);
        Request req = ack.copy();
        try {
            if (Validator.check(req, SCHEMES, Set.of(), null) != null || req.maxForwards() == 0) {
                stats.dropped.increment();
                return;
            }
            String hash = Loops.hash(req, req.values(HeaderNames.VIA).get(0)); // the same for a retransmission
            preprocess(req, from);
            if (req.has(HeaderNames.ROUTE) || req.uri() instanceof SipUri && !ours(req.uri())) {
                forwardStateless(req, req.uri(), hash);
                return;
            }
            lookup(req, (found, err) -> { // an ACK sent to our domain (a UA that ignored Record-Route)
                if (err == null && !found.isEmpty()) forwardStateless(req, found.get(0), hash);
                else stats.dropped.increment();
            });
        } catch (RuntimeException e) {
            stats.dropped.increment();
            LOG.debug("ACK not forwarded: {}", e.toString());
        }
    }

    private void forwardStateless(Request req, Uri target, String hash) {
        try {
            req.uri(target);
            int mf = req.maxForwards();
            req.set(HeaderNames.MAX_FORWARDS, mf < 0 ? 70 : mf - 1);
            Hop hop = resolver.apply(strictRoute(req) ? req.uri() : nextHop(req));
            req.addFirst(HeaderNames.VIA, via(hop.transport(), Loops.branch(hash, 0)));
            core.transactions().sendStateless(req, hop);
            stats.statelessRequests.increment();
        } catch (RuntimeException e) {
            stats.dropped.increment();
            LOG.debug("{} not forwarded to {}: {}", req.method(), target, e.toString());
        }
    }

    // ---- responses ----------------------------------------------------------------------------------------

    @Override
    public void response(ClientTransaction tx, Response r) {
        if (tx.attachment instanceof ResponseContext.Branch b) {
            stats.responses.increment();
            b.ctx.received(b, r);
        } // responses to our CANCELs are absorbed (§16.10)
    }

    /** §16.11: a response matching no transaction (a 2xx retransmission) goes statelessly by the next Via. */
    @Override
    public void stray(Response r, Hop from) {
        Response fwd = (Response) MessageParser.parse(r.toBytes());
        fwd.removeFirst(HeaderNames.VIA);
        Via next;
        try {
            next = fwd.via();
        } catch (SipParseException e) {
            next = null;
        }
        if (next == null) {
            stats.dropped.increment();
            return;
        }
        stats.statelessResponses.increment();
        Hop back = new Hop(next.transport().toLowerCase(Locale.ROOT), from.address(), null);
        core.transactions().sendStateless(fwd, SipCore.responseHop(fwd, back));
    }

    /** Timer B or F fired: the branch acts as on a 408 (§8.1.3.1, §16.7 step 6). */
    @Override
    public void timeout(ClientTransaction tx) {
        if (!(tx.attachment instanceof ResponseContext.Branch b)) return;
        if (b.provisional && !b.cancelSent && b.ctx.invite) sendCancel(b); // it may still be ringing
        b.ctx.synthesize(b, 408);
    }

    /** §16.9: a transport error is a 503 for the branch. */
    @Override
    public void transportError(Transaction tx, Throwable cause) {
        if (tx.attachment instanceof ResponseContext.Branch b) b.ctx.synthesize(b, 503);
        else if (tx.attachment instanceof ResponseContext ctx) ctx.stop();
    }

    /** A response for upstream: through the server transaction, statelessly once it has ended (2xx, §16.7 step 9). */
    void forwardUpstream(ResponseContext ctx, Response fwd) {
        ServerTransaction server = ctx.server;
        if (server.state() != Transaction.State.TERMINATED) {
            server.respond(fwd);
        } else {
            stats.statelessResponses.increment();
            core.transactions().sendStateless(fwd, SipCore.responseHop(fwd,
                    new Hop(server.hop().transport(), server.hop().address(), null)));
        }
    }

    void ended(ResponseContext ctx) {
        contexts.remove(ctx.server, ctx);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private void reject(ServerTransaction tx, Request r, Validator.Rejection rej) {
        Response resp = rej.toResponse(r);
        try {
            if (resp.to().tag() == null) resp.set(HeaderNames.TO, resp.to().withTag(Tags.tag()));
        } catch (SipParseException e) {
            // a To we cannot parse stays as it came
        }
        answer(tx, resp);
    }

    private void answer(ServerTransaction tx, Response r) {
        stats.answered.increment();
        tx.respond(r);
    }

    private void count(Request r) {
        stats.requests.increment();
        stats.methods.computeIfAbsent(r.method(), m -> new LongAdder()).increment();
    }

    private static Response options(Request r) {
        return Response.to(r, 200, null, Tags.tag()).add(HeaderNames.ALLOW, ALLOW).add(HeaderNames.ACCEPT, "application/sdp");
    }

    /** Whether a URI names this proxy: one of its domains, or the address of one of its endpoints. */
    boolean ours(Uri uri) {
        if (!(uri instanceof SipUri u)) return false;
        String t = u.transport() != null ? u.transport() : u.secure() ? "tls" : "udp";
        return oursHost(u.hostAddress(), u.port() > 0 ? u.port() : t.equals("tls") ? 5061 : 5060, null);
    }

    private boolean oursSentBy(Via v) {
        String t = v.transport().toLowerCase(Locale.ROOT);
        return oursHost(v.hostAddress(), v.port() > 0 ? v.port() : t.equals("tls") ? 5061 : 5060, t);
    }

    /** Host (and port, -1 for any) matches a domain or an endpoint address (of {@code transport}, or any). */
    private boolean oursHost(String host, int port, String transport) {
        String h = host.toLowerCase(Locale.ROOT);
        if (domains.contains(h) || port > 0 && domains.contains(h + ":" + port)) return true;
        for (String t : transport != null ? List.of(transport) : TRANSPORTS) {
            InetSocketAddress l = core.local(t);
            if (l != null && (port < 0 || l.getPort() == port) && l.getAddress().getHostAddress().equalsIgnoreCase(h)) {
                return true;
            }
        }
        return false;
    }

    private String sentBy(String transport) {
        InetSocketAddress l = core.local(transport);
        if (l == null) throw new IllegalStateException("no " + transport + " endpoint");
        String host = l.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + l.getPort();
    }

    private String via(String transport, String branch) {
        return "SIP/2.0/" + transport.toUpperCase(Locale.ROOT) + " " + sentBy(transport) + ";branch=" + branch;
    }

    /** §16.6 step 4: {@code <sip:host:port;transport=x;lr>} on the transport the request came in on. */
    private String recordRoute(String transport) {
        return "<sip:" + sentBy(transport) + ";transport=" + transport + ";lr>";
    }
}
