package org.peerline.sip.transaction;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipMessage;
import org.peerline.sip.message.Via;

/**
 * The transaction layer (RFC 3261 §17), sans-I/O: messages come in through {@link #received}, go out through the
 * {@link Wire}, and time comes from the {@link Scheduler}. Matches responses to client transactions by branch and
 * CSeq method (§17.1.3), requests to server transactions by branch, sent-by and method (§17.2.3), falling back to
 * the RFC 2543 rules when the branch lacks the magic cookie. Not thread-safe: one event loop owns it.
 */
public final class TransactionLayer {
    private static final SecureRandom RANDOM = new SecureRandom();
    final Timers timers;
    final Scheduler scheduler;
    final TransactionUser tu;
    private final Wire wire;
    private final Map<String, ClientTransaction> clients = new HashMap<>();
    private final Map<String, ServerTransaction> servers = new HashMap<>();
    private long created;
    private long retransmissions;

    public TransactionLayer(Timers timers, Scheduler scheduler, Wire wire, TransactionUser tu) {
        this.timers = timers;
        this.scheduler = scheduler;
        this.wire = wire;
        this.tu = tu;
    }

    /** A new branch with the magic cookie (RFC 3261 §8.1.1.7): unique in space and time. */
    public static String newBranch() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return Via.MAGIC + java.util.HexFormat.of().formatHex(b);
    }

    /**
     * Starts a client transaction for {@code request}, whose top Via must carry a fresh branch. The request is sent
     * now and retransmitted as §17.1 says.
     */
    public ClientTransaction send(Request request, Hop hop) {
        Via via = request.via();
        if (via == null || via.branch() == null) throw new IllegalArgumentException("the request needs a Via with a branch");
        if (request.method().equals(Request.ACK)) throw new IllegalArgumentException("ACK has no client transaction");
        ClientTransaction tx = new ClientTransaction(this, request, via.branch() + "|" + request.method(), hop);
        clients.put(tx.key, tx);
        created++;
        tx.start();
        return tx;
    }

    /** Sends a message outside any transaction: an ACK for a 2xx, a stateless response, a forwarded 2xx. */
    public void sendStateless(SipMessage m, Hop hop) {
        wire.send(m, hop, e -> { });
    }

    /** A message from the transport layer, already parsed and checked. */
    public void received(SipMessage m, Hop from) {
        if (m instanceof Response r) {
            Via via = r.via();
            String method = r.cseq().method();
            ClientTransaction tx = via == null || via.branch() == null ? null
                    : clients.get(via.branch() + "|" + (method.equals(Request.ACK) ? Request.INVITE : method));
            if (tx != null) tx.received(r);
            else tu.stray(r, from);
            return;
        }
        Request req = (Request) m;
        if (!req.method().equals(Request.ACK) && tu.stateless(req)) {
            tu.statelessRequest(req, from);
            return;
        }
        String key = serverKey(req);
        ServerTransaction tx = servers.get(key);
        if (tx != null) {
            retransmissions++;
            tx.received(req, from);
            return;
        }
        if (req.method().equals(Request.ACK)) {
            tu.ack(req, from); // the ACK of a 2xx (§17.2.1) or of a transaction already gone
            return;
        }
        tx = new ServerTransaction(this, req, key, from);
        servers.put(key, tx);
        created++;
        if (tx.isInvite()) tx.respond(Response.to(req, 100, null, null)); // §17.2.1: Trying at once
        tu.request(tx, req);
    }

    /** The INVITE server transaction a CANCEL refers to (RFC 3261 §9.2), or null. */
    public ServerTransaction inviteFor(Request cancel) {
        String key = serverKey(cancel);
        return servers.get(key.substring(0, key.lastIndexOf('|') + 1) + Request.INVITE);
    }

    /** §17.2.3: branch + sent-by + method (ACK matches INVITE); RFC 2543 rules without the magic cookie. */
    static String serverKey(Request r) {
        Via via = r.via();
        String method = r.method().equals(Request.ACK) ? Request.INVITE : r.method();
        if (via.rfc3261Branch()) {
            return via.branch() + "|" + via.host().toLowerCase(java.util.Locale.ROOT) + ":" + via.port() + "|" + method;
        }
        // RFC 2543 (§17.2.3): Request-URI, To tag, From tag, Call-ID, CSeq number, top Via
        String toTag = r.method().equals(Request.ACK) ? "" : String.valueOf(r.to().tag());
        return "2543|" + r.uriText() + "|" + toTag + "|" + r.from().tag() + "|" + r.callId() + "|"
                + r.cseq().number() + "|" + via + "|" + method;
    }

    void send(Transaction tx, SipMessage m) {
        wire.send(m, tx.hop, cause -> {
            if (tx instanceof ClientTransaction c) c.transportFailed(cause);
            else ((ServerTransaction) tx).transportFailed(cause);
        });
    }

    void remove(Transaction tx) {
        if (tx instanceof ClientTransaction) clients.remove(tx.key, tx);
        else servers.remove(tx.key, tx);
    }

    /** Live client transactions. */
    public int clientCount() {
        return clients.size();
    }

    /** Live server transactions. */
    public int serverCount() {
        return servers.size();
    }

    /** Transactions created since start. */
    public long created() {
        return created;
    }

    /** Request retransmissions absorbed by server transactions. */
    public long retransmissionsAbsorbed() {
        return retransmissions;
    }

    /** The header every request needs for matching, for callers that build requests. */
    public static String via(String transport, String sentBy) {
        return "SIP/2.0/" + transport.toUpperCase(java.util.Locale.ROOT) + " " + sentBy + ";branch=" + newBranch()
                + ";rport";
    }

}
