package org.peerline.sip.ua;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.peerline.sip.auth.DigestClient;
import org.peerline.sip.message.Address;
import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.message.Uri;
import org.peerline.sip.message.Validator;
import org.peerline.sip.stack.SipCore;
import org.peerline.sip.stack.Tags;
import org.peerline.sip.transaction.ClientTransaction;
import org.peerline.sip.transaction.Hop;
import org.peerline.sip.transaction.Scheduler;
import org.peerline.sip.transaction.ServerTransaction;
import org.peerline.sip.transaction.Transaction;
import org.peerline.sip.transaction.TransactionLayer;
import org.peerline.sip.transaction.TransactionUser;

/**
 * A user agent core (RFC 3261 §8, §12-15) on a {@link SipCore}: UAC requests with digest retry (§22.2), INVITE with
 * dialogs and the ACK of 2xx (§13.2.2.4), BYE (§15), CANCEL (§9); as UAS it answers OPTIONS (§11), MESSAGE (RFC
 * 3428), INVITE through the {@link Application}, retransmits its 2xx until the ACK (§13.3.1.4), answers CANCEL with
 * 487 (§9.2), 481 outside a dialog (§12.2.2), 420 for unknown Require tags (§8.2.2.3), 405/501 for other methods.
 * Runs on the core's event loop.
 */
public final class UserAgent implements TransactionUser {
    /** What the application decides. All calls come on the event loop. */
    public interface Application {
        /** A new INVITE: answer with {@link Incoming#ringing}, {@link Incoming#accept} or {@link Incoming#reject}. */
        default void invited(Incoming call) {
            call.reject(486);
        }

        /** The INVITE was cancelled before it was answered (§9.2). */
        default void cancelled(Incoming call) {
        }

        /** A dialog was confirmed by the ACK of our 2xx. */
        default void confirmed(Dialog d) {
        }

        /** A dialog ended (BYE received or sent, or no ACK came). */
        default void ended(Dialog d, String why) {
        }

        /**
         * A re-INVITE in a confirmed dialog (§14.2): answer it with {@link ReInvite#accept} or
         * {@link ReInvite#reject}. The default accepts with no new session description.
         */
        default void reinvited(ReInvite reinvite) {
            reinvite.accept(null);
        }

        /** A MESSAGE (RFC 3428); returns the status to answer. */
        default int message(Request r) {
            return 200;
        }
    }

    /** An incoming INVITE that the application answers. */
    public final class Incoming {
        final ServerTransaction tx;
        final String toTag = Tags.tag();

        Incoming(ServerTransaction tx) {
            this.tx = tx;
        }

        public Request request() {
            return tx.request();
        }

        /** 180 Ringing; with its To tag it creates an early dialog (§12.1.1, §13.3.1.1). */
        public void ringing() {
            Response r = response(tx.request(), 180, toTag);
            if (tx.request().to().tag() == null) dialogs.putIfAbsent(Dialog.asServer(tx.request(), r).id(), Dialog.asServer(tx.request(), r));
            tx.respond(r);
        }

        /** 200 OK with an SDP answer (or no body); the dialog starts, and the 2xx is retransmitted until ACKed. */
        public Dialog accept(String sdp) {
            Response ok = response(tx.request(), 200, toTag);
            if (sdp != null) ok.body(sdp, "application/sdp");
            Dialog d = dialogs.computeIfAbsent(Dialog.asServer(tx.request(), ok).id(), id -> Dialog.asServer(tx.request(), ok));
            d.confirm();
            tx.respond(ok);
            retransmitUntilAck(d, ok, tx);
            return d;
        }

        public void reject(int status) {
            dialogs.remove(Dialog.id(tx.request().callId(), toTag, tx.request().from().tag())); // the early one
            tx.respond(response(tx.request(), status, toTag));
        }
    }

    /** A re-INVITE the application answers (§14.2); until it does, another INVITE on the dialog gets 500. */
    public final class ReInvite {
        final ServerTransaction tx;
        final Dialog dialog;

        ReInvite(ServerTransaction tx, Dialog dialog) {
            this.tx = tx;
            this.dialog = dialog;
        }

        public Request request() {
            return tx.request();
        }

        public Dialog dialog() {
            return dialog;
        }

        public void accept(String sdp) {
            dialog.remoteInvite = null;
            dialog.refresh(tx.request().contacts());
            Response ok = response(tx.request(), 200, null);
            if (sdp != null) ok.body(sdp, "application/sdp");
            tx.respond(ok);
            retransmitUntilAck(dialog, ok, tx);
        }

        public void reject(int status) {
            dialog.remoteInvite = null;
            tx.respond(response(tx.request(), status, null));
        }
    }

    private static final Set<String> ALLOWED = Set.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "MESSAGE");
    private static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE";
    private static final int MAX_AUTH_ATTEMPTS = 2;

    private final SipCore core;
    private final Application app;
    private final String user;
    private final DigestClient digest = new DigestClient();
    private final Map<String, Dialog> dialogs = new HashMap<>();
    private final Map<String, Scheduler.Timer> unacked = new HashMap<>();
    private final Map<ClientTransaction, Pending> pending = new HashMap<>();
    private final Map<ServerTransaction, Incoming> incoming = new HashMap<>();
    private Function<Uri, CompletionStage<List<Hop>>> resolver =
            u -> CompletableFuture.completedFuture(List.of(directHop(u)));
    private String password;
    private String userAgent = "Peerline";

    /** What the UA waits for on a client transaction, and the hops left to try (RFC 3263 §4.3 failover). */
    private record Pending(CompletableFuture<Response> done, int attempts, boolean invite, List<Hop> alternatives) {
        Pending(CompletableFuture<Response> done, int attempts, boolean invite) {
            this(done, attempts, invite, List.of());
        }
    }

    public UserAgent(SipCore core, String user, Application app) {
        this.core = core;
        this.user = user;
        this.app = app;
        core.user(this);
    }

    /** Credentials for 401/407 challenges (RFC 3261 §22.2). */
    public UserAgent credentials(String password) {
        this.password = password;
        return this;
    }

    /**
     * How request targets become hops, in the order to try them (RFC 3263: a Locator in production; numeric
     * addresses by default). The stage may complete on any thread.
     */
    public UserAgent resolver(Function<Uri, CompletionStage<List<Hop>>> r) {
        this.resolver = r;
        return this;
    }

    /** Resolves on the resolver's terms and continues on the event loop. */
    private void resolve(Uri uri, java.util.function.BiConsumer<List<Hop>, Throwable> then) {
        CompletionStage<List<Hop>> stage;
        try {
            stage = resolver.apply(uri);
        } catch (RuntimeException e) {
            then.accept(null, e);
            return;
        }
        stage.whenComplete((hops, err) -> {
            Throwable e = err != null ? err : hops == null || hops.isEmpty()
                    ? new IllegalArgumentException("no address for " + uri) : null;
            core.scheduler().schedule(0, () -> then.accept(e == null ? hops : null, e));
        });
    }

    public Map<String, Dialog> dialogs() {
        return dialogs;
    }

    /** §8.1.2 with numeric hosts: the transport parameter (default UDP, TLS for sips) and the port (5060/5061). */
    public static Hop directHop(Uri uri) {
        if (!(uri instanceof SipUri u)) throw new IllegalArgumentException("cannot route to " + uri);
        String t = u.transport() != null ? u.transport() : u.secure() ? "tls" : "udp";
        int port = u.port() > 0 ? u.port() : t.equals("tls") ? 5061 : 5060;
        return new Hop(t, new InetSocketAddress(u.hostAddress(), port), null);
    }

    // ---- UAC ----------------------------------------------------------------------------------------------

    /** A new out-of-dialog request (§8.1.1): Via, Max-Forwards, From with a tag, To, Call-ID, CSeq, Contact. */
    public Request newRequest(String method, Uri target, Address to) {
        String t = transportFor(target);
        Request r = new Request(method, target).add(HeaderNames.VIA, via(t))
                .add(HeaderNames.MAX_FORWARDS, 70).add(HeaderNames.FROM, self(t).withTag(Tags.tag()))
                .add(HeaderNames.TO, to == null ? Address.of(target) : to)
                .add(HeaderNames.CALL_ID, Tags.callId(core.local(t).getAddress().getHostAddress()))
                .add(HeaderNames.CSEQ, "1 " + method).add("User-Agent", userAgent);
        r.add(HeaderNames.CONTACT, contact(t));
        return r;
    }

    /** The transport a URI asks for (RFC 3263 §4.1: its transport parameter; TLS for sips), if we have it. */
    private String transportFor(Uri target) {
        String t = target instanceof SipUri u && u.transport() != null ? u.transport()
                : target instanceof SipUri u && u.secure() ? "tls" : "udp";
        return core.local(t) != null ? t : core.local("udp") != null ? "udp" : core.local("tcp") != null ? "tcp" : t;
    }

    private String via(String transport) {
        InetSocketAddress l = core.local(transport);
        String host = l.getAddress().getHostAddress();
        return TransactionLayer.via(transport, (host.contains(":") ? "[" + host + "]" : host) + ":" + l.getPort());
    }

    /** This UA's address of record form on a transport: sip:user@host:port. */
    public Address self(String transport) {
        InetSocketAddress l = core.local(transport);
        String host = l.getAddress().getHostAddress();
        return Address.of(new SipUri(false, user, host.contains(":") ? "[" + host + "]" : host, l.getPort()));
    }

    public Address contact(String transport) {
        Address self = self(transport);
        SipUri u = self.sipUri();
        return Address.of(transport.equals("udp") ? u : u.withParam("transport", transport));
    }

    /**
     * Sends a request and completes with its final response; a 401/407 is answered once with credentials (§22.2).
     * For an INVITE, a 2xx is ACKed and its dialog is in {@link #dialogs()}.
     */
    public CompletionStage<Response> send(Request request) {
        CompletableFuture<Response> done = new CompletableFuture<>();
        start(request, new Pending(done, 0, request.method().equals(Request.INVITE)));
        return done;
    }

    /** Sends a request to hops already resolved (tried in order, RFC 3263 §4.3), with the same retries as {@link #send}. */
    public CompletionStage<Response> send(Request request, List<Hop> hops) {
        CompletableFuture<Response> done = new CompletableFuture<>();
        attempt(request, new Pending(done, 0, request.method().equals(Request.INVITE), hops), true);
        return done;
    }

    private void start(Request request, Pending p) {
        Uri next = request.has(HeaderNames.ROUTE) ? Address.parse(request.values(HeaderNames.ROUTE).get(0)).uri()
                : request.uri();
        resolve(next, (hops, err) -> {
            if (err != null) p.done.completeExceptionally(err);
            else attempt(request, new Pending(p.done, p.attempts, p.invite, hops), true);
        });
    }

    /**
     * Sends to the first hop left on a transport this stack has; the others are the RFC 3263 §4.3 failover order.
     * With no usable hop the request fails as with a 503 (§8.1.3.1).
     */
    private void attempt(Request request, Pending p, boolean fresh) {
        List<Hop> left = p.alternatives;
        while (!left.isEmpty() && core.local(left.get(0).transport()) == null) left = left.subList(1, left.size());
        if (left.isEmpty()) {
            p.done.complete(response(request, 503, null));
            return;
        }
        Hop hop = left.get(0);
        if (hop.transport().equals("udp") && core.local("tcp") != null && request.toBytes().length > SipCore.UDP_LIMIT) {
            hop = new Hop("tcp", hop.address(), null); // §18.1.1: large requests go over a congestion-controlled transport
        }
        Request r = request;
        if (!fresh || request.via() == null || request.via().branch() == null
                || !request.via().transport().equalsIgnoreCase(hop.transport())) {
            // a retry, or another transport: a copy with a new Via and branch, so a new transaction (§17.1)
            r = request.copy();
            r.removeFirst(HeaderNames.VIA);
            r.addFirst(HeaderNames.VIA, via(hop.transport()));
        }
        pending.put(core.transactions().send(r, hop), new Pending(p.done, p.attempts, p.invite,
                left.subList(1, left.size())));
    }

    /** §4.3 of RFC 3263: after a transport error or a timeout, try the next hop, if any. */
    private boolean failover(ClientTransaction tx, Pending p) {
        if (p == null || p.alternatives.isEmpty() || tx.isInvite() && tx.state() == Transaction.State.PROCEEDING) {
            return false;
        }
        attempt(tx.request(), p, false);
        return true;
    }

    /**
     * Cancels an INVITE sent with {@link #send} that has no final response yet (§9.1): the CANCEL copies its
     * Request-URI, top Via, Call-ID, From, To, CSeq number and Route. The INVITE then completes with 487.
     */
    public CompletionStage<Response> cancel(Request invite) {
        ClientTransaction tx = pending.keySet().stream()
                .filter(t -> t.request().callId().equals(invite.callId()) && t.isInvite()).findFirst().orElse(null);
        if (tx == null || tx.state() == Transaction.State.ACCEPTED || tx.state() == Transaction.State.COMPLETED) {
            return CompletableFuture.failedFuture(new IllegalStateException("no INVITE to cancel for " + invite.callId()));
        }
        Request sent = tx.request();
        Request cancel = new Request(Request.CANCEL, sent.uri()).add(HeaderNames.VIA, sent.values(HeaderNames.VIA).get(0))
                .add(HeaderNames.MAX_FORWARDS, 70).add(HeaderNames.FROM, sent.header(HeaderNames.FROM))
                .add(HeaderNames.TO, sent.header(HeaderNames.TO)).add(HeaderNames.CALL_ID, sent.callId())
                .add(HeaderNames.CSEQ, sent.cseq().number() + " CANCEL");
        for (String route : sent.headers(HeaderNames.ROUTE)) cancel.add(HeaderNames.ROUTE, route);
        CompletableFuture<Response> done = new CompletableFuture<>();
        pending.put(core.transactions().send(cancel, tx.hop()), new Pending(done, MAX_AUTH_ATTEMPTS, false));
        return done;
    }

    /**
     * Sends a re-INVITE in a confirmed dialog (§14.1); completes with the final response (a 2xx is ACKed). Fails
     * at once if one of ours is already in progress on the dialog.
     */
    public CompletionStage<Response> reinvite(Dialog d, String sdp) {
        if (d.localInvite) return CompletableFuture.failedFuture(new IllegalStateException("an INVITE is in progress"));
        Request inv = d.request(Request.INVITE, via(transportFor(d.nextHop())), contact(transportFor(d.nextHop())), 0);
        if (sdp != null) inv.body(sdp, "application/sdp");
        d.localInvite = true;
        return send(inv).whenComplete((r, e) -> d.localInvite = false);
    }

    /** Ends a confirmed dialog (§15.1.1). */
    public CompletionStage<Response> bye(Dialog d) {
        Request bye = d.request(Request.BYE, via(transportFor(d.nextHop())), null, 0);
        d.terminate();
        dialogs.remove(d.id());
        app.ended(d, "BYE sent");
        return send(bye);
    }

    @Override
    public void response(ClientTransaction tx, Response r) {
        Request req = tx.request();
        if (req.method().equals(Request.INVITE) && r.status() >= 200 && r.status() < 300) ackOk(req, r, tx.hop());
        if (req.method().equals(Request.INVITE) && r.status() > 100 && r.status() < 200 && r.to().tag() != null
                && req.to().tag() == null) {
            dialogs.putIfAbsent(Dialog.id(req.callId(), req.from().tag(), r.to().tag()), Dialog.asClient(req, r)); // early (§12.1.2)
        }
        if (req.method().equals(Request.INVITE) && r.status() >= 300 && req.to().tag() == null) {
            dialogs.values().removeIf(d -> d.state() == Dialog.State.EARLY && d.callId().equals(req.callId())); // §12.3
        }
        if (r.provisional()) return;
        Pending p = pending.remove(tx);
        if (p == null) return;
        int code = r.status();
        if ((code == 401 || code == 407) && password != null && p.attempts < MAX_AUTH_ATTEMPTS) {
            String header = code == 401 ? HeaderNames.WWW_AUTHENTICATE : HeaderNames.PROXY_AUTHENTICATE;
            try {
                Request retry = (Request) org.peerline.sip.message.MessageParser.parse(req.toBytes());
                retry.set(HeaderNames.CSEQ, (req.cseq().number() + 1) + " " + req.method());
                retry.removeFirst(HeaderNames.VIA);
                retry.addFirst(HeaderNames.VIA, via(tx.hop().transport()));
                String cred = digest.authorize(r.headers(header), req.method(), req.uriText(), user, password, req.body());
                retry.set(code == 401 ? HeaderNames.AUTHORIZATION : HeaderNames.PROXY_AUTHORIZATION, cred);
                start(retry, new Pending(p.done, p.attempts + 1, p.invite));
                return;
            } catch (IllegalArgumentException e) {
                // no usable challenge: the 401/407 is the answer
            }
        }
        p.done.complete(r);
    }

    /** §13.2.2.4: the UAC ACKs every 2xx (retransmissions too), creating the dialog on the first. */
    private void ackOk(Request invite, Response ok, Hop hop) {
        Dialog d = Dialog.asClient(invite, ok);
        Dialog known = dialogs.get(d.id());
        if (known != null && known.state() != Dialog.State.EARLY) d = known; // a 2xx retransmission
        else dialogs.put(d.id(), d); // new, or an early dialog confirmed with the 2xx's route set and target
        d.confirm();
        sendAck(d, invite.cseq().number(), hop);
    }

    /** The ACK of a 2xx goes to the dialog's next hop (§13.2.2.4), on the transport the INVITE used. */
    private void sendAck(Dialog d, long cseq, Hop inviteHop) {
        resolve(d.nextHop(), (hops, err) -> {
            Hop to = err == null ? hops.get(0) : inviteHop;
            core.transactions().sendStateless(d.request(Request.ACK, via(to.transport()), null, cseq), to);
        });
    }

    @Override
    public void stray(Response r, Hop from) {
        // a 2xx retransmission after the transaction ended: ACK it again if the dialog is known (§13.2.2.4)
        if (r.status() >= 200 && r.status() < 300 && r.cseq().method().equals(Request.INVITE)) {
            Dialog d = dialogs.get(Dialog.id(r.callId(), r.from().tag(), r.to().tag()));
            if (d != null) sendAck(d, r.cseq().number(), from);
        }
    }

    @Override
    public void timeout(ClientTransaction tx) {
        Pending p = pending.remove(tx);
        if (p != null && !failover(tx, p)) p.done.complete(response(tx.request(), 408, null));
    }

    @Override
    public void transportError(Transaction tx, Throwable cause) {
        if (tx instanceof ClientTransaction c) {
            Pending p = pending.remove(c);
            if (p != null && !failover(c, p)) p.done.complete(response(c.request(), 503, null)); // §8.1.3.1
        }
    }

    // ---- UAS ----------------------------------------------------------------------------------------------

    @Override
    public void request(ServerTransaction tx, Request r) {
        String method = r.method();
        if (method.equals(Request.CANCEL)) {
            cancel(tx, r);
            return;
        }
        Validator.Rejection rej = Validator.check(r, Set.of("sip", "sips"), Set.of(), HeaderNames.REQUIRE);
        if (rej != null) {
            Response resp = rej.toResponse(r);
            if (resp.to().tag() == null) resp.set(HeaderNames.TO, resp.to().withTag(Tags.tag()));
            tx.respond(resp);
            return;
        }
        if (r.to().tag() != null) {
            inDialog(tx, r);
            return;
        }
        switch (method) {
            case Request.INVITE -> {
                Incoming call = new Incoming(tx);
                incoming.put(tx, call);
                app.invited(call);
            }
            case Request.OPTIONS -> {
                Response ok = response(r, 200, Tags.tag());
                ok.add(HeaderNames.ACCEPT, "application/sdp");
                tx.respond(ok);
            }
            case Request.MESSAGE -> tx.respond(response(r, app.message(r), Tags.tag()));
            case Request.BYE -> tx.respond(response(r, 481, Tags.tag()));
            default -> tx.respond(response(r, ALLOWED.contains(method) || method.equals(Request.REGISTER) ? 405 : 501,
                    Tags.tag()));
        }
    }

    private void inDialog(ServerTransaction tx, Request r) {
        Dialog d = dialogs.get(Dialog.id(r.callId(), r.to().tag(), r.from().tag()));
        if (d == null) {
            tx.respond(response(r, 481, null)); // §12.2.2
            return;
        }
        if (!d.acceptRemoteSeq(r)) {
            tx.respond(response(r, 500, null));
            return;
        }
        switch (r.method()) {
            case Request.BYE -> {
                tx.respond(response(r, 200, null));
                end(d, "BYE received");
            }
            case Request.INVITE -> { // re-INVITE (§14.2)
                if (d.localInvite) {
                    tx.respond(response(r, 491, null)); // ours is in progress
                } else if (d.remoteInvite != null) {
                    Response busy = response(r, 500, null); // theirs is still unanswered
                    busy.add(HeaderNames.RETRY_AFTER, 1 + new java.util.Random().nextInt(10));
                    tx.respond(busy);
                } else {
                    d.remoteInvite = tx;
                    app.reinvited(new ReInvite(tx, d));
                }
            }
            case Request.MESSAGE -> tx.respond(response(r, app.message(r), null));
            case Request.OPTIONS -> tx.respond(response(r, 200, null));
            default -> tx.respond(response(r, 405, null));
        }
    }

    /** §9.2: 200 to the CANCEL, and 487 to the INVITE if it is still unanswered; 481 if there is no INVITE. */
    private void cancel(ServerTransaction tx, Request cancel) {
        ServerTransaction invite = core.transactions().inviteFor(cancel);
        if (invite == null) {
            tx.respond(response(cancel, 481, Tags.tag()));
            return;
        }
        Incoming call = incoming.remove(invite);
        tx.respond(response(cancel, 200, call == null ? Tags.tag() : call.toTag));
        if (invite.state() == Transaction.State.PROCEEDING) {
            if (call != null) dialogs.remove(Dialog.id(invite.request().callId(), call.toTag, invite.request().from().tag()));
            invite.respond(response(invite.request(), 487, call == null ? Tags.tag() : call.toTag));
            if (call != null) app.cancelled(call);
        }
    }

    @Override
    public void ack(Request ack, Hop from) {
        String id = Dialog.id(ack.callId(), ack.to().tag(), ack.from().tag());
        Scheduler.Timer t = unacked.remove(id);
        if (t != null) t.cancel();
        Dialog d = dialogs.get(id);
        if (d != null && t != null) app.confirmed(d);
    }

    /** §13.3.1.4: the UAS core retransmits its 2xx (T1 doubling up to T2) until the ACK; no ACK in 64*T1: BYE. */
    private void retransmitUntilAck(Dialog d, Response ok, ServerTransaction tx) {
        incoming.remove(tx);
        Scheduler s = core.scheduler();
        long t1 = 500;
        long[] interval = {t1};
        long deadline = s.now() + 64 * t1;
        Runnable[] again = new Runnable[1];
        again[0] = () -> {
            if (!unacked.containsKey(d.id())) return;
            if (s.now() >= deadline) {
                unacked.remove(d.id());
                bye(d);
                return;
            }
            tx.respond(ok);
            interval[0] = Math.min(2 * interval[0], 4000);
            unacked.put(d.id(), s.schedule(interval[0], again[0]));
        };
        unacked.put(d.id(), s.schedule(interval[0], again[0]));
    }

    @Override
    public void noAck(ServerTransaction tx) {
        incoming.remove(tx);
    }

    private void end(Dialog d, String why) {
        d.terminate();
        dialogs.remove(d.id());
        Scheduler.Timer t = unacked.remove(d.id());
        if (t != null) t.cancel();
        app.ended(d, why);
    }

    /** A response from this UAS: Contact on 2xx/1xx to INVITE (§13.3.1), Allow and Supported (§8.2.6). */
    private Response response(Request r, int status, String toTag) {
        Response resp = Response.to(r, status, null, toTag);
        if (r.method().equals(Request.INVITE) && status < 300 && status > 100) {
            String transport = r.via().transport().toLowerCase(Locale.ROOT);
            resp.add(HeaderNames.CONTACT, contact(transport));
            for (String rr : r.headers(HeaderNames.RECORD_ROUTE)) resp.add(HeaderNames.RECORD_ROUTE, rr);
        }
        if (status == 405 || status == 200 && r.method().equals(Request.OPTIONS)) resp.add(HeaderNames.ALLOW, ALLOW);
        resp.add("Server", userAgent);
        return resp;
    }

}
