package org.peerline.p2psip;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.peerline.api.overlay.Overlay;
import org.peerline.sip.auth.Digest;
import org.peerline.sip.auth.DigestServer;
import org.peerline.sip.message.Address;
import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipParseException;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.message.Uri;
import org.peerline.sip.proxy.Proxy;
import org.peerline.sip.proxy.Targets;
import org.peerline.sip.stack.SipCore;
import org.peerline.sip.transaction.ClientTransaction;
import org.peerline.sip.transaction.Hop;
import org.peerline.sip.transaction.ServerTransaction;
import org.peerline.sip.transaction.Transaction;
import org.peerline.sip.transaction.TransactionUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A P2P-SIP node (issue 5) on a SIP core: the transaction user that sends REGISTERs for the domain it serves to its
 * {@link Registrar} (RFC 3261 §10.3) and everything else to a transaction-stateful {@link Proxy} (§16) whose
 * {@link Targets} (§16.5) are the local bindings of an AOR, else every node found in the overlay
 * ({@link OverlayLocation}). A request for a remote AOR keeps the AOR in its Request-URI, with the other node's address
 * in maddr (§19.1.1), which that node strips (§16.4); it forks to every node holding a binding, with Record-Route, so
 * in-dialog requests follow the route set.
 *
 * <p><b>Unknown or unregistered</b>: 404 when the user is not one of this node's users and no node holds a binding
 * for the AOR; 480 (Temporarily Unavailable, §21.4.18) when the user exists here but has no live binding anywhere.
 *
 * <p><b>Domain</b>: with a domain, AORs are {@code user@domain} (a Request-URI or To naming this node's own address
 * counts as that domain); with none (any domain), {@code user@host} of whatever host names the request uses, and
 * those names are added to the proxy's domains as requests arrive (at most {@link #MAX_DOMAINS}).
 */
public final class P2pNode implements TransactionUser {
    private static final Logger LOG = LoggerFactory.getLogger(P2pNode.class);
    /** The realm when serving any domain. */
    public static final String DEFAULT_REALM = "peerline";
    /** Host names learnt in any-domain mode. */
    public static final int MAX_DOMAINS = 1024;
    private static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls");

    /**
     * @param domain the AOR domain served, or null for any
     * @param secret the digest nonce key (16 bytes or more)
     * @param timerC Timer C of the proxy (RFC 3261 §16.6 step 11)
     */
    public record Options(String domain, Users users, Registrar.Limits limits, List<Digest.Algorithm> algorithms,
                          byte[] secret, Duration timerC) {
        public Options {
            domain = domain == null || domain.isBlank() ? null : domain.trim().toLowerCase(Locale.ROOT);
            if (algorithms.isEmpty()) throw new IllegalArgumentException("no digest algorithm");
        }

        public static Options of(String domain, Users users) {
            byte[] secret = new byte[32];
            new java.security.SecureRandom().nextBytes(secret);
            return new Options(domain, users, Registrar.Limits.DEFAULTS,
                    List.of(Digest.Algorithm.SHA_256, Digest.Algorithm.MD5), secret, Duration.ofSeconds(181));
        }

        public Options withLimits(Registrar.Limits l) {
            return new Options(domain, users, l, algorithms, secret, timerC);
        }

        public Options withAlgorithms(List<Digest.Algorithm> a) {
            return new Options(domain, users, limits, a, secret, timerC);
        }
    }

    private final SipCore core;
    private final Options options;
    private final String realm;
    private final Registrar registrar;
    private final OverlayLocation location;
    private final Proxy proxy;
    private final Calls calls = new Calls();
    private final Set<String> learnt = ConcurrentHashMap.newKeySet();

    /** Installs itself as {@code core}'s transaction user. */
    public P2pNode(SipCore core, Options options) {
        this.core = core;
        this.options = options;
        this.realm = options.domain() != null ? options.domain() : DEFAULT_REALM;
        DigestServer digest = new DigestServer(realm, options.secret(), Clock.systemUTC(), Duration.ofMinutes(5), 10_000,
                options.algorithms());
        this.location = new OverlayLocation(options.users(), realm, this::nodeUri, Clock.systemUTC(), core.scheduler());
        this.registrar = new Registrar(core.scheduler(), digest, options.users(), options.limits(), this::aorOf,
                location::publish);
        this.proxy = new Proxy(core, this::targets).timerC(options.timerC());
        if (options.domain() != null) proxy.domains(options.domain());
        core.user(this);
    }

    // ---- parts, for commands and tests --------------------------------------------------------------------

    public Registrar registrar() {
        return registrar;
    }

    public OverlayLocation location() {
        return location;
    }

    public Proxy proxy() {
        return proxy;
    }

    public Calls calls() {
        return calls;
    }

    public String realm() {
        return realm;
    }

    public Options options() {
        return options;
    }

    /** Uses another overlay (a live swap, or the first one) and publishes every current binding into it. */
    public void overlay(Overlay o) {
        location.overlay(o);
    }

    /** This node's SIP URI, where other nodes send requests for its users: UDP if it has it, else TCP, else TLS. */
    public String nodeUri() {
        for (String t : TRANSPORTS) {
            InetSocketAddress a = core.local(t);
            if (a == null) continue;
            String host = a.getAddress().getHostAddress();
            return "sip:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + ";transport=" + t;
        }
        return "sip:0.0.0.0";
    }

    /** The canonical AOR {@code user@domain} of a SIP URI, or null if it has no user or a domain not served here. */
    public String aorOf(SipUri u) {
        if (u.user() == null || u.user().isEmpty()) return null;
        String host = u.host().toLowerCase(Locale.ROOT);
        if (options.domain() == null) return u.user() + "@" + host;
        return host.equals(options.domain()) || ourAddress(u) ? u.user() + "@" + options.domain() : null;
    }

    /** Parses {@code sip:user@domain}, {@code user@domain} or {@code user} (this node's domain) into an AOR. */
    public String aorOf(String text) {
        String s = text.trim();
        if (!s.regionMatches(true, 0, "sip:", 0, 4) && !s.regionMatches(true, 0, "sips:", 0, 5)) {
            s = "sip:" + (s.contains("@") ? s : s + "@" + (options.domain() != null ? options.domain() : "invalid"));
        }
        String aor = aorOf(SipUri.parse(s));
        if (aor == null) throw new IllegalArgumentException("'" + text + "' is not an AOR of this node's domain");
        return aor;
    }

    /** Whether a URI names one of this node's endpoints (host and port, default 5060/5061). */
    private boolean ourAddress(SipUri u) {
        String host = u.hostAddress();
        String t = u.transport() != null ? u.transport() : u.secure() ? "tls" : "udp";
        int port = u.port() > 0 ? u.port() : t.equals("tls") ? 5061 : 5060;
        for (String tr : TRANSPORTS) {
            InetSocketAddress a = core.local(tr);
            if (a != null && a.getPort() == port && a.getAddress().getHostAddress().equalsIgnoreCase(host)) return true;
        }
        return false;
    }

    // ---- RFC 3261 §16.5: targets ------------------------------------------------------------------------

    /**
     * Local bindings by q; else every node holding a binding of the AOR in the overlay, each as the AOR with the node's
     * address in maddr (§19.1.1; the node strips it, §16.4, and delivers to its contacts), so that a user registered
     * at several nodes rings at all of them; 404 for an unknown user, 480 for a known one registered nowhere.
     */
    CompletionStage<List<Uri>> targets(Request req) {
        if (!(req.uri() instanceof SipUri u) || aorOf(u) == null) {
            return CompletableFuture.failedFuture(new Targets.Rejected(404, "Not Found: no user in the Request-URI"));
        }
        String aor = aorOf(u);
        List<SipUri> local = registrar.contacts(aor);
        if (!local.isEmpty()) return CompletableFuture.completedFuture(List.copyOf(local));
        String user = u.user();
        String self = nodeUri();
        return location.lookup(aor).thenApply(l -> {
            if (l.error() != null) LOG.debug("lookup of {} failed: {}", aor, l.error());
            List<Uri> targets = new ArrayList<>();
            for (OverlayLocation.Found f : l.all()) {
                if (f.record().node().equals(self)) continue; // a record of ours outliving its contacts
                try {
                    SipUri node = SipUri.parse(f.record().node());
                    SipUri t = new SipUri(u.secure(), user, aor.substring(aor.lastIndexOf('@') + 1), node.port());
                    if (node.transport() != null) t = t.withParam("transport", node.transport());
                    targets.add(t.withParam("maddr", node.hostAddress()));
                } catch (RuntimeException e) {
                    LOG.info("binding of {} names an unusable node URI '{}'", aor, f.record().node());
                }
            }
            if (!targets.isEmpty()) return targets;
            if (options.users().knows(user)) throw new Targets.Rejected(480, "Temporarily Unavailable: " + aor + " is not registered");
            throw new Targets.Rejected(404, "Not Found: nobody is registered as " + aor);
        });
    }

    // ---- TransactionUser ----------------------------------------------------------------------------------

    @Override
    public void request(ServerTransaction tx, Request r) {
        try {
            if (r.method().equals(Request.REGISTER) && registrarFor(r)) {
                tx.respond(registrar.register(r));
                return;
            }
            if (r.method().equals(Request.INVITE)) calls.invite(r);
            else if (r.method().equals(Request.BYE)) calls.bye(r);
            if (options.domain() == null) learn(r);
        } catch (SipParseException e) {
            // malformed: the proxy's §16.3 validation answers it
        }
        proxy.request(tx, r);
    }

    /** §10.3 step 1: a REGISTER whose Request-URI is our domain (or address), not routed elsewhere, is ours. */
    private boolean registrarFor(Request r) {
        if (!(r.uri() instanceof SipUri u)) return false;
        if (r.has(HeaderNames.ROUTE)) {
            Uri first = Address.parse(r.values(HeaderNames.ROUTE).get(0)).uri();
            if (!(first instanceof SipUri f) || !ourAddress(f) || r.values(HeaderNames.ROUTE).size() > 1) return false;
        }
        return options.domain() == null || u.host().equalsIgnoreCase(options.domain()) || ourAddress(u);
    }

    /** Any-domain mode: the host name of an initial request to a user becomes one of the proxy's domains. */
    private void learn(Request r) {
        if (r.to().tag() != null || !(r.uri() instanceof SipUri u) || u.user() == null) return;
        String host = u.host().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") || host.matches("[0-9.]+") || learnt.contains(host) || learnt.size() >= MAX_DOMAINS) return;
        if (r.has(HeaderNames.ROUTE)) {
            Uri first = Address.parse(r.values(HeaderNames.ROUTE).get(0)).uri();
            if (!(first instanceof SipUri f) || !ourAddress(f)) return;
        }
        learnt.add(host);
        proxy.domains(host);
    }

    @Override
    public void ack(Request ack, Hop from) {
        proxy.ack(ack, from);
    }

    @Override
    public void response(ClientTransaction tx, Response r) {
        if (tx.request().method().equals(Request.INVITE)) {
            try {
                calls.response(tx.request(), r);
            } catch (SipParseException e) {
                // counted by the proxy
            }
        }
        proxy.response(tx, r);
    }

    @Override
    public void stray(Response r, Hop from) {
        proxy.stray(r, from);
    }

    @Override
    public void timeout(ClientTransaction tx) {
        proxy.timeout(tx);
    }

    @Override
    public void transportError(Transaction tx, Throwable cause) {
        proxy.transportError(tx, cause);
    }

    @Override
    public void noAck(ServerTransaction tx) {
        proxy.noAck(tx);
    }
}
