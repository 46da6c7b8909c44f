package org.peerline.sip.message;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a received request the way a UAS (RFC 3261 §8.2) or proxy (§16.3) must before acting on it, and says
 * which response rejects it: 400 naming the problem (missing or repeated mandatory header, bad syntax, CSeq method
 * mismatch), 416 for an unsupported URI scheme, 420 with Unsupported for unknown required extensions, 505 is raised
 * by the parser. RFC 4475's torture messages are its test vectors.
 */
public final class Validator {
    /** Why a request is rejected: the status, a reason phrase naming the problem, and an extra header or none. */
    public record Rejection(int status, String reason, String header, String headerValue) {
        public Response toResponse(Request r) {
            Response resp = new Response(status, reason);
            for (String v : r.headers(HeaderNames.VIA)) resp.add(HeaderNames.VIA, v);
            for (String h : new String[] {HeaderNames.FROM, HeaderNames.TO, HeaderNames.CALL_ID, HeaderNames.CSEQ}) {
                String v = r.header(h);
                if (v != null) resp.add(h, v);
            }
            if (header != null) resp.add(header, headerValue);
            return resp;
        }
    }

    private Validator() {
    }

    /**
     * @param schemes URI schemes the element serves in the Request-URI (e.g. sip, sips, tel)
     * @param extensions option tags it supports, for Require (UAS) or Proxy-Require (proxy)
     * @param requireHeader {@code Require} for a UAS, {@code Proxy-Require} for a proxy (§16.3 step 5), or null to
     *        leave option tags to the caller
     * @return null if the request may be processed
     */
    public static Rejection check(Request r, Set<String> schemes, Set<String> extensions, String requireHeader) {
        try {
            for (String h : new String[] {HeaderNames.TO, HeaderNames.FROM, HeaderNames.CALL_ID, HeaderNames.CSEQ}) {
                int n = r.count(h);
                if (n == 0) return bad("missing " + h + " header");
                if (n > 1) return bad("more than one " + h + " header");
            }
            if (r.count(HeaderNames.MAX_FORWARDS) > 1) return bad("more than one Max-Forwards header");
            if (!r.has(HeaderNames.VIA)) return bad("missing Via header");
            r.vias();
            r.from();
            r.to();
            if (r.callId().isEmpty()) return bad("empty Call-ID");
            CSeq cseq = r.cseq();
            if (!cseq.method().equals(r.method())) {
                return bad("CSeq method " + cseq.method() + " does not match " + r.method());
            }
            r.maxForwards();
            r.contacts();
            for (String h : new String[] {HeaderNames.ROUTE, HeaderNames.RECORD_ROUTE}) {
                for (String v : r.values(h)) Address.parse(v);
            }
            Uri uri = r.uri();
            if (!schemes.contains(uri.scheme())) {
                return new Rejection(416, "URI scheme " + uri.scheme() + " not supported", null, null);
            }
            List<String> unsupported = requireHeader == null ? List.of() : r.values(requireHeader).stream().map(String::trim)
                    .filter(tag -> !extensions.contains(tag.toLowerCase(java.util.Locale.ROOT))).toList();
            if (!unsupported.isEmpty() && !r.method().equals(Request.ACK) && !r.method().equals(Request.CANCEL)) {
                return new Rejection(420, "Bad Extension", HeaderNames.UNSUPPORTED,
                        unsupported.stream().collect(Collectors.joining(", ")));
            }
            return null;
        } catch (SipParseException e) {
            return new Rejection(e.status(), e.reason(), null, null);
        }
    }

    private static Rejection bad(String reason) {
        return new Rejection(400, reason, null, null);
    }

    /**
     * Checks a received response (RFC 3261 §8.1.3.3, §18.1.2): exactly one Via left for us, the mandatory headers
     * parse. Returns the problem, or null; a bad response is dropped and counted, never answered.
     */
    public static String checkResponse(Response r) {
        try {
            for (String h : new String[] {HeaderNames.TO, HeaderNames.FROM, HeaderNames.CALL_ID, HeaderNames.CSEQ}) {
                if (r.count(h) != 1) return (r.count(h) == 0 ? "missing " : "repeated ") + h;
            }
            if (!r.has(HeaderNames.VIA)) return "missing Via";
            r.via();
            r.from();
            r.to();
            r.cseq();
            return null;
        } catch (SipParseException e) {
            return e.reason();
        }
    }
}
