package org.peerline.sip.message;

import java.util.Locale;

/**
 * A Via value (RFC 3261 §20.42, §18.2.1; RFC 3581 rport): {@code SIP/2.0/UDP host:port;branch=z9hG4bK...}.
 * Immutable; the {@code with...} methods return changed copies.
 */
public final class Via {
    /** The magic cookie of RFC 3261 branches (§8.1.1.7). */
    public static final String MAGIC = "z9hG4bK";

    private final String transport;
    private final String host;
    private final int port;
    private final Params params;

    public Via(String transport, String host, int port, Params params) {
        this.transport = transport.toUpperCase(Locale.ROOT);
        this.host = host;
        this.port = port;
        this.params = params == null ? new Params() : params;
    }

    /** Parses one via-parm (not a list). */
    public static Via parse(String value) {
        String s = value.trim();
        int i = 0;
        String[] parts = new String[3];
        for (int k = 0; k < 3; k++) {
            i = Syntax.skipWhitespace(s, i);
            int st = i;
            while (i < s.length() && Syntax.isTokenChar(s.charAt(i))) i++;
            parts[k] = s.substring(st, i);
            if (parts[k].isEmpty()) throw new SipParseException(400, "bad Via '" + s + "'");
            i = Syntax.skipWhitespace(s, i);
            if (k < 2) {
                if (i >= s.length() || s.charAt(i) != '/') throw new SipParseException(400, "bad Via '" + s + "'");
                i++;
            }
        }
        if (!parts[0].equalsIgnoreCase("SIP") || !parts[1].equals("2.0")) {
            throw new SipParseException(400, "Via protocol " + parts[0] + "/" + parts[1] + " is not SIP/2.0");
        }
        int hs = i;
        if (i < s.length() && s.charAt(i) == '[') {
            i = s.indexOf(']', i);
            if (i < 0) throw new SipParseException(400, "unterminated IPv6 reference in Via '" + s + "'");
            i++;
        } else {
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '-')) i++;
        }
        String host = s.substring(hs, i);
        if (host.isEmpty()) throw new SipParseException(400, "no sent-by host in Via '" + s + "'");
        i = Syntax.skipWhitespace(s, i);
        int port = -1;
        if (i < s.length() && s.charAt(i) == ':') {
            i = Syntax.skipWhitespace(s, i + 1);
            int ps = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            if (i == ps || i - ps > 5 || Integer.parseInt(s, ps, i, 10) > 65535) {
                throw new SipParseException(400, "bad port in Via '" + s + "'");
            }
            port = Integer.parseInt(s, ps, i, 10);
            i = Syntax.skipWhitespace(s, i);
        }
        Params params = new Params();
        i = params.parse(s, i, "");
        if (i != s.length()) throw new SipParseException(400, "unexpected '" + s.substring(i) + "' in Via '" + s + "'");
        return new Via(parts[2], host, port, params);
    }

    /** The transport, upper case (UDP, TCP, TLS, SCTP, WS, WSS or another token). */
    public String transport() {
        return transport;
    }

    public String host() {
        return host;
    }

    /** The sent-by port, or -1. */
    public int port() {
        return port;
    }

    public Params params() {
        return params;
    }

    public String branch() {
        return params.get("branch");
    }

    /** Whether the branch carries the RFC 3261 magic cookie (§17.2.3: else RFC 2543 matching applies). */
    public boolean rfc3261Branch() {
        String b = branch();
        return b != null && b.startsWith(MAGIC);
    }

    public String received() {
        return params.get("received");
    }

    /** The rport value (RFC 3581 §4), -1 if present without a value, -2 if absent. */
    public int rport() {
        if (!params.has("rport")) return -2;
        String v = params.get("rport");
        return v == null ? -1 : (int) Syntax.parseUnsigned(v, "rport");
    }

    public Via withParam(String name, String value) {
        return new Via(transport, host, port, params.copy().set(name, value));
    }

    /** The sent-by without brackets (for resolution). */
    public String hostAddress() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return "SIP/2.0/" + transport + " " + host + (port >= 0 ? ":" + port : "") + params;
    }
}
