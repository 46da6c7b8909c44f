package org.peerline.sip.stack;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.peerline.api.transport.Flow;
import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.MessageParser;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipMessage;
import org.peerline.sip.message.SipParseException;
import org.peerline.sip.message.StreamFramer;
import org.peerline.sip.message.Validator;
import org.peerline.sip.message.Via;
import org.peerline.sip.transaction.Hop;
import org.peerline.sip.transaction.Scheduler;
import org.peerline.sip.transaction.Timers;
import org.peerline.sip.transaction.TransactionLayer;
import org.peerline.sip.transaction.TransactionUser;
import org.peerline.sip.transaction.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport-facing half of the SIP stack (RFC 3261 §18), sans-I/O: bytes and their flow come in through
 * {@link #receive}, bytes go out through {@link Output}. It parses (a malformed request gets 400 naming the
 * problem, sent statelessly; a malformed response is dropped and counted), stamps received/rport on the top Via
 * (§18.2.1, RFC 3581 §4), drops responses whose top Via is not ours (§18.1.2), routes responses back (§18.2.2,
 * RFC 3581 §4) and hands the rest to the {@link TransactionLayer}. Runs on one event loop.
 */
public final class SipCore implements Wire {
    private static final Logger LOG = LoggerFactory.getLogger(SipCore.class);
    /** RFC 3261 §18.1.1: requests within 200 bytes of the path MTU go over a congestion-controlled transport. */
    public static final int UDP_LIMIT = 1300;

    /** Sends bytes on a transport (the stack's transports, or a test's wire). */
    public interface Output {
        void send(byte[] bytes, Hop hop, Consumer<Throwable> onError);

        /** This node's address on a transport, for Via sent-by and Contact (null if it has none). */
        InetSocketAddress local(String transport);
    }

    /** Counters (thread-safe to read). */
    public static final class Stats {
        public final Map<String, LongAdder> in = new ConcurrentHashMap<>();
        public final Map<String, LongAdder> out = new ConcurrentHashMap<>();
        public final LongAdder badRequests = new LongAdder();
        public final LongAdder droppedResponses = new LongAdder();
        public final LongAdder keepAlives = new LongAdder();

        void count(Map<String, LongAdder> m, String transport) {
            m.computeIfAbsent(transport, t -> new LongAdder()).increment();
        }
    }

    private final Output output;
    private final TransactionLayer transactions;
    private final Stats stats = new Stats();
    private final Set<String> schemes = Set.of("sip", "sips", "tel");
    private volatile boolean trace;
    private volatile int maxMessage = 32 * 1024;

    private volatile TransactionUser user;

    /** A core whose transaction user is set later with {@link #user(TransactionUser)}. */
    public SipCore(Output output, Scheduler scheduler, Timers timers) {
        this.output = output;
        this.scheduler = scheduler;
        this.transactions = new TransactionLayer(timers, scheduler, this, new TransactionUser() {
            public void request(org.peerline.sip.transaction.ServerTransaction tx, Request r) {
                user.request(tx, r);
            }

            public void ack(Request ack, Hop from) {
                user.ack(ack, from);
            }

            public void response(org.peerline.sip.transaction.ClientTransaction tx, Response r) {
                user.response(tx, r);
            }

            public void stray(Response r, Hop from) {
                user.stray(r, from);
            }

            public void timeout(org.peerline.sip.transaction.ClientTransaction tx) {
                user.timeout(tx);
            }

            public void transportError(org.peerline.sip.transaction.Transaction tx, Throwable cause) {
                user.transportError(tx, cause);
            }

            public void noAck(org.peerline.sip.transaction.ServerTransaction tx) {
                user.noAck(tx);
            }

            public boolean stateless(Request r) {
                return user.stateless(r);
            }

            public void statelessRequest(Request r, Hop from) {
                user.statelessRequest(r, from);
            }
        });
    }

    /** The transaction user: a UA core or a proxy core. */
    public void user(TransactionUser tu) {
        this.user = tu;
    }

    private final Scheduler scheduler;

    public Scheduler scheduler() {
        return scheduler;
    }

    public TransactionLayer transactions() {
        return transactions;
    }

    public Stats stats() {
        return stats;
    }

    /** The largest request processed; bigger ones get 513 (RFC 3261 §21.5.14). */
    public void maxMessage(int bytes) {
        maxMessage = bytes;
    }

    /** Whether whole messages are logged (at INFO) as they pass. */
    public void trace(boolean on) {
        trace = on;
    }

    public InetSocketAddress local(String transport) {
        return output.local(transport);
    }

    /** One message from a transport (a datagram, or one framed stream message). */
    public void receive(byte[] bytes, Flow flow) {
        Hop from = Hop.of(flow);
        if (StreamFramer.isPing(bytes)) { // RFC 5626 §3.5.1: answer a CRLFCRLF ping with a CRLF pong
            stats.keepAlives.increment();
            output.send(new byte[] {'\r', '\n'}, from, e -> { });
            return;
        }
        stats.count(stats.in, flow.protocol());
        SipMessage m;
        try {
            m = MessageParser.parse(bytes, 0, bytes.length, flow.connection() == 0);
        } catch (SipParseException e) {
            rejectUnparsable(bytes, from, e);
            return;
        }
        if (trace) LOG.info("received from {}:\n{}", flow, m);
        if (m instanceof Request big && bytes.length > maxMessage) { // RFC 3261 §21.5.14
            reject(big, new Validator.Rejection(513, "Message Too Large: " + bytes.length + " bytes, limit " + maxMessage,
                    null, null), from);
            return;
        }
        if (m instanceof Response r) {
            String problem = Validator.checkResponse(r);
            if (problem == null && !ours(r.via())) problem = "top Via is not ours: " + r.via();
            if (problem != null) {
                stats.droppedResponses.increment();
                LOG.debug("dropped response from {}: {}", flow, problem);
                return;
            }
            transactions.received(r, from);
            return;
        }
        Request req = (Request) m;
        Validator.Rejection rej = Validator.check(req, schemes, Set.of(), null);
        if (rej != null && rej.status() != 416 && rej.status() != 420) { // 416/420 are the TU's to decide
            reject(req, rej, from);
            return;
        }
        stampVia(req, flow);
        transactions.received(req, from);
    }

    /** §18.2.1 and RFC 3581 §4: record where the request really came from in the top Via. */
    static void stampVia(Request req, Flow flow) {
        Via via = req.via();
        String source = flow.remote().getAddress().getHostAddress();
        String host = via.hostAddress();
        Via stamped = via;
        if (!host.equalsIgnoreCase(source) || via.rport() == -1) {
            stamped = stamped.withParam("received", source.contains(":") ? "[" + source + "]" : source);
        }
        if (via.rport() == -1) stamped = stamped.withParam("rport", Integer.toString(flow.remote().getPort()));
        if (stamped != via) {
            req.removeFirst(HeaderNames.VIA);
            req.addFirst(HeaderNames.VIA, stamped);
        }
    }

    private boolean ours(Via via) {
        InetSocketAddress local = output.local(via.transport().toLowerCase(Locale.ROOT));
        if (local == null) return false;
        int port = via.port() < 0 ? 5060 : via.port();
        return port == local.getPort() || via.port() < 0 && local.getPort() == 5060;
    }

    private void rejectUnparsable(byte[] bytes, Hop from, SipParseException e) {
        boolean response = bytes.length > 4 && bytes[0] == 'S' && bytes[1] == 'I' && bytes[2] == 'P' && bytes[3] == '/';
        if (response) {
            stats.droppedResponses.increment();
            LOG.debug("dropped malformed response from {}: {}", from.address(), e.reason());
            return;
        }
        stats.badRequests.increment();
        LOG.debug("malformed request from {}: {}", from.address(), e.reason());
        // answer if the headers a response needs are readable (RFC 3261 §8.2: 400, or 505 for the version)
        try {
            String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            StringBuilder r = new StringBuilder("SIP/2.0 ").append(e.status()).append(' ').append(e.reason()).append("\r\n");
            int found = 0;
            for (String line : head.split("\r\n")) {
                String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT) : "";
                if (Set.of("via", "v", "from", "f", "to", "t", "call-id", "i", "cseq").contains(name)) {
                    r.append(line).append("\r\n");
                    if (!name.equals("via") && !name.equals("v")) found++;
                }
            }
            if (found < 4 || !r.toString().toLowerCase(Locale.ROOT).contains("\r\nv")) return;
            r.append("Content-Length: 0\r\n\r\n");
            Response resp = (Response) MessageParser.parse(r.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            send(resp, responseHop(resp, from), x -> { });
        } catch (RuntimeException cannot) {
            LOG.debug("cannot answer the malformed request: {}", cannot.toString());
        }
    }

    private void reject(Request req, Validator.Rejection rej, Hop from) {
        stats.badRequests.increment();
        if (req.method().equals(Request.ACK)) return; // §17: an ACK is never answered
        Response r = rej.toResponse(req);
        if (req.to() != null && req.to().tag() == null) r.set(HeaderNames.TO, req.header(HeaderNames.TO) + ";tag=" + Tags.tag());
        send(r, responseHop(r, from), x -> { });
    }

    /**
     * Where a response goes (RFC 3261 §18.2.2, RFC 3581 §4): back on the connection it came from if reliable, else
     * to received/rport from the top Via, else to the sent-by.
     */
    public static Hop responseHop(Response r, Hop from) {
        if (from.flow() != null && from.reliable()) return from;
        Via via = r.via();
        String host = via.received() != null ? via.received() : via.host();
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        int port = via.rport() > 0 ? via.rport() : via.port() > 0 ? via.port() : 5060;
        return new Hop(via.transport().toLowerCase(Locale.ROOT), new InetSocketAddress(host, port), from.flow());
    }

    /** {@link Wire}: serialize and send; transport errors reach the transaction through {@code onError}. */
    @Override
    public void send(SipMessage m, Hop hop, Consumer<Throwable> onError) {
        byte[] bytes = m.toBytes();
        if (trace) LOG.info("sending to {}:\n{}", hop, m);
        stats.count(stats.out, hop.transport());
        output.send(bytes, hop, onError);
    }
}
