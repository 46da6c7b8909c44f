package org.peerline.sip.message;

import java.util.List;

/** A SIP request (RFC 3261 §7.1): method, Request-URI, headers, body. */
public final class Request extends SipMessage {
    public static final String INVITE = "INVITE";
    public static final String ACK = "ACK";
    public static final String BYE = "BYE";
    public static final String CANCEL = "CANCEL";
    public static final String OPTIONS = "OPTIONS";
    public static final String REGISTER = "REGISTER";
    public static final String MESSAGE = "MESSAGE";

    private String method;
    private Uri uri;
    private String uriText;

    /** A new request; add headers with {@link #add} or {@link #set}. */
    public Request(String method, Uri uri) {
        this.method = method;
        this.uri = uri;
        this.uriText = uri.toString();
    }

    Request(String method, String uriText, List<Field> fields, byte[] body, byte[] raw, int start, int end) {
        super(fields, body, raw, start, end);
        this.method = method;
        this.uriText = uriText;
    }

    public String method() {
        return method;
    }

    /** The Request-URI, parsed on first use (throws SipParseException if malformed). */
    public Uri uri() {
        if (uri == null) uri = Uri.parse(uriText);
        return uri;
    }

    /** The Request-URI as it was received. */
    public String uriText() {
        return uriText;
    }

    public Request uri(Uri u) {
        uri = u;
        uriText = u.toString();
        modified();
        return this;
    }

    public Request method(String m) {
        method = m;
        modified();
        return this;
    }

    @Override
    public Request set(String name, Object value) {
        super.set(name, value);
        return this;
    }

    @Override
    public Request add(String name, Object value) {
        super.add(name, value);
        return this;
    }

    @Override
    public Request body(String text, String contentType) {
        super.body(text, contentType);
        return this;
    }

    @Override
    void writeStartLine(ByteSink out) {
        out.ascii(method).ascii(" ").utf8(uriText).ascii(" SIP/2.0").bytes(CRLF, 0, 2);
    }

    /** A copy (e.g. to forward, RFC 3261 §16.6 step 1). */
    public Request copy() {
        return (Request) MessageParser.parse(toBytes());
    }
}
