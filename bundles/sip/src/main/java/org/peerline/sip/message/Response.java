package org.peerline.sip.message;

import java.util.List;

/** A SIP response (RFC 3261 §7.2): status code, reason phrase, headers, body. */
public final class Response extends SipMessage {
    private int status;
    private String reason;

    public Response(int status, String reason) {
        if (status < 100 || status > 699) throw new IllegalArgumentException("status " + status + " not in 100..699");
        this.status = status;
        this.reason = reason == null ? Reasons.of(status) : reason;
    }

    Response(int status, String reason, List<Field> fields, byte[] body, byte[] raw, int start, int end) {
        super(fields, body, raw, start, end);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** 1xx. */
    public boolean provisional() {
        return status < 200;
    }

    @Override
    public Response set(String name, Object value) {
        super.set(name, value);
        return this;
    }

    @Override
    public Response add(String name, Object value) {
        super.add(name, value);
        return this;
    }

    @Override
    public Response body(String text, String contentType) {
        super.body(text, contentType);
        return this;
    }

    @Override
    void writeStartLine(ByteSink out) {
        out.ascii("SIP/2.0 ").ascii(Integer.toString(status)).ascii(" ").utf8(reason).bytes(CRLF, 0, 2);
    }

    /**
     * A response to {@code request} (RFC 3261 §8.2.6.2): Via, From, To, Call-ID and CSeq copied; a To tag added
     * when given and absent (never for 100 Trying).
     */
    public static Response to(Request request, int status, String reason, String toTag) {
        Response r = new Response(status, reason);
        for (String v : request.headers(HeaderNames.VIA)) r.add(HeaderNames.VIA, v);
        r.add(HeaderNames.FROM, request.header(HeaderNames.FROM));
        String to = request.header(HeaderNames.TO);
        if (to != null && toTag != null && status > 100 && Address.parse(to).tag() == null) to = to + ";tag=" + toTag;
        r.add(HeaderNames.TO, to);
        r.add(HeaderNames.CALL_ID, request.header(HeaderNames.CALL_ID));
        r.add(HeaderNames.CSEQ, request.header(HeaderNames.CSEQ));
        return r;
    }
}
