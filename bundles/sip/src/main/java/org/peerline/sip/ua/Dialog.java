package org.peerline.sip.ua;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.peerline.sip.message.Address;
import org.peerline.sip.message.HeaderNames;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.message.Uri;

/**
 * A dialog (RFC 3261 §12): identified by Call-ID, local tag and remote tag; it keeps the sequence numbers, the
 * local and remote URIs, the remote target and the route set, and builds requests within itself (§12.2.1.1),
 * including strict routing when the first route lacks {@code ;lr} (§16.6 step 6 in reverse).
 */
public final class Dialog {
    public enum State { EARLY, CONFIRMED, TERMINATED }

    private final String callId;
    private final String localTag;
    private final String remoteTag;
    private final Address local;
    private final Address remote;
    private final List<Address> routes;
    private final boolean secure;
    private Uri remoteTarget;
    private long localSeq;
    private long remoteSeq;
    private State state;
    /** Whether a re-INVITE we sent awaits its final response (§14.1); an INVITE received meanwhile gets 491. */
    boolean localInvite;
    /** A re-INVITE received and not yet answered (§14.2); another one meanwhile gets 500. */
    org.peerline.sip.transaction.ServerTransaction remoteInvite;
    /** The application's data. */
    public Object attachment;
    final long created = System.currentTimeMillis();

    private Dialog(String callId, String localTag, String remoteTag, Address local, Address remote, List<Address> routes,
                   Uri remoteTarget, long localSeq, long remoteSeq, boolean secure, State state) {
        this.callId = callId;
        this.localTag = localTag;
        this.remoteTag = remoteTag;
        this.local = local;
        this.remote = remote;
        this.routes = routes;
        this.remoteTarget = remoteTarget;
        this.localSeq = localSeq;
        this.remoteSeq = remoteSeq;
        this.secure = secure;
        this.state = state;
    }

    /** UAS side (§12.1.1): from the request and the response (with its To tag) that creates the dialog. */
    public static Dialog asServer(Request request, Response response) {
        List<Address> routes = new ArrayList<>();
        for (String rr : request.values(HeaderNames.RECORD_ROUTE)) routes.add(Address.parse(rr));
        List<Address> contacts = request.contacts();
        Uri target = contacts.isEmpty() ? request.from().uri() : contacts.get(0).uri();
        boolean secure = request.uri() instanceof SipUri u && u.secure();
        return new Dialog(request.callId(), response.to().tag(), request.from().tag(), response.to(), request.from(),
                routes, target, 0, request.cseq().number(), secure,
                response.status() < 200 ? State.EARLY : State.CONFIRMED);
    }

    /** UAC side (§12.1.2): from the request sent and a response carrying a To tag. */
    public static Dialog asClient(Request request, Response response) {
        List<Address> routes = new ArrayList<>();
        for (String rr : response.values(HeaderNames.RECORD_ROUTE)) routes.add(Address.parse(rr));
        Collections.reverse(routes);
        List<Address> contacts = response.contacts();
        Uri target = contacts.isEmpty() ? request.uri() : contacts.get(0).uri();
        boolean secure = request.uri() instanceof SipUri u && u.secure();
        return new Dialog(request.callId(), request.from().tag(), response.to().tag(), request.from(), response.to(),
                routes, target, request.cseq().number(), -1, secure,
                response.status() < 200 ? State.EARLY : State.CONFIRMED);
    }

    /** The dialog id (§12): Call-ID, local tag, remote tag. */
    public String id() {
        return id(callId, localTag, remoteTag);
    }

    static String id(String callId, String localTag, String remoteTag) {
        return callId + "|" + localTag + "|" + remoteTag;
    }

    public String callId() {
        return callId;
    }

    public Address local() {
        return local;
    }

    public Address remote() {
        return remote;
    }

    public Uri remoteTarget() {
        return remoteTarget;
    }

    public List<Address> routes() {
        return List.copyOf(routes);
    }

    public State state() {
        return state;
    }

    public boolean secure() {
        return secure;
    }

    void confirm() {
        if (state == State.EARLY) state = State.CONFIRMED;
    }

    void terminate() {
        state = State.TERMINATED;
    }

    /** A target refresh (§12.2.1.2, §12.2.2): a re-INVITE or its 2xx with a Contact updates the remote target. */
    void refresh(List<Address> contacts) {
        if (!contacts.isEmpty() && !contacts.get(0).isStar()) remoteTarget = contacts.get(0).uri();
    }

    /**
     * Checks the CSeq of a request received in the dialog (§12.2.2): lower than the last one is out of order (the
     * UAS answers 500); returns false then.
     */
    boolean acceptRemoteSeq(Request r) {
        long n = r.cseq().number();
        if (r.method().equals(Request.ACK) || r.method().equals(Request.CANCEL)) return true;
        if (remoteSeq >= 0 && n <= remoteSeq) return false;
        remoteSeq = n;
        return true;
    }

    /** A request within the dialog (§12.2.1.1); ACK reuses the CSeq number of the INVITE it acknowledges. */
    public Request request(String method, String via, Address contact, long ackOf) {
        long seq = method.equals(Request.ACK) ? ackOf : ++localSeq;
        Uri ruri = remoteTarget;
        List<Address> route = new ArrayList<>(routes);
        if (!route.isEmpty() && route.get(0).sipUri() != null && !route.get(0).sipUri().lr()) {
            ruri = route.remove(0).sipUri().aor(); // strict router: it goes in the Request-URI
            route.add(Address.of(remoteTarget));
        }
        Request r = new Request(method, ruri).add(HeaderNames.VIA, via).add(HeaderNames.MAX_FORWARDS, 70)
                .add(HeaderNames.FROM, local).add(HeaderNames.TO, remote).add(HeaderNames.CALL_ID, callId)
                .add(HeaderNames.CSEQ, seq + " " + method);
        for (Address a : route) r.add(HeaderNames.ROUTE, a);
        if (contact != null && (method.equals(Request.INVITE) || method.equals("UPDATE"))) r.add(HeaderNames.CONTACT, contact);
        return r;
    }

    /** Where a request within the dialog goes first: the first route, else the remote target (§8.1.2). */
    public Uri nextHop() {
        return routes.isEmpty() ? remoteTarget : routes.get(0).uri();
    }

    @Override
    public String toString() {
        return "Dialog[" + id() + " " + state + " -> " + remoteTarget + "]";
    }

}
