package org.peerline.sip.message;

/**
 * A name-addr or addr-spec with header parameters (RFC 3261 §20.10, §20.20, §20.39, §25.1): From, To, Contact,
 * Route, Record-Route, Reply-To. {@link #STAR} is the Contact "*" of a REGISTER removing every binding (§10.2.2).
 */
public final class Address {
    /** Contact: * (RFC 3261 §10.2.2). */
    public static final Address STAR = new Address(null, null, new Params());

    private final String display;
    private final Uri uri;
    private final Params params;

    public Address(String display, Uri uri, Params params) {
        this.display = display;
        this.uri = uri;
        this.params = params == null ? new Params() : params;
    }

    /** An address for a URI, with no display name and no parameters. */
    public static Address of(Uri uri) {
        return new Address(null, uri, new Params());
    }

    /** Parses one address (not a list); 400 naming the problem on bad syntax (RFC 4475 §3.1.2.6, .14, .15). */
    public static Address parse(String value) {
        String s = value.trim();
        if (s.equals("*")) return STAR;
        int i = 0;
        String display = null;
        Uri uri;
        int lt = indexOfUnquoted(s, '<');
        if (lt >= 0) {
            String d = s.substring(0, lt).trim();
            if (d.startsWith("\"")) {
                int end = Syntax.endOfQuoted(d, 0);
                if (end != d.length()) throw new SipParseException(400, "text after the display name in '" + s + "'");
                display = Syntax.unquote(d);
            } else if (!d.isEmpty()) {
                for (int k = 0; k < d.length(); k++) { // *(token LWS): tokens separated by blanks
                    char c = d.charAt(k);
                    if (c != ' ' && c != '\t' && !Syntax.isTokenChar(c)) {
                        throw new SipParseException(400, "display name '" + d + "' must be quoted (not a token)");
                    }
                }
                display = d;
            }
            int gt = s.indexOf('>', lt);
            if (gt < 0) throw new SipParseException(400, "unterminated <URI> in '" + s + "'");
            uri = Uri.parse(s.substring(lt + 1, gt));
            i = gt + 1;
        } else {
            if (s.startsWith("\"")) throw new SipParseException(400, "display name without <URI> in '" + s + "'");
            int semi = s.indexOf(';');
            String spec = semi < 0 ? s : s.substring(0, semi);
            if (spec.indexOf('?') >= 0 || spec.indexOf(',') >= 0) {
                throw new SipParseException(400, "URI with '?' or ',' must be in <> (RFC 3261 §20): '" + s + "'");
            }
            uri = Uri.parse(spec.trim());
            i = semi < 0 ? s.length() : semi;
        }
        i = Syntax.skipWhitespace(s, i);
        Params params = new Params();
        i = params.parse(s, i, "");
        if (i != s.length()) throw new SipParseException(400, "unexpected '" + s.substring(i) + "' in '" + s + "'");
        return new Address(display, uri, params);
    }

    private static int indexOfUnquoted(String s, char c) {
        for (int i = 0; i < s.length(); i++) {
            char x = s.charAt(i);
            if (x == '"') i = Syntax.endOfQuoted(s, i) - 1;
            else if (x == c) return i;
        }
        return -1;
    }

    public String display() {
        return display;
    }

    public Uri uri() {
        return uri;
    }

    /** The URI if it is a SIP or SIPS URI, else null. */
    public SipUri sipUri() {
        return uri instanceof SipUri u ? u : null;
    }

    public Params params() {
        return params;
    }

    /** The tag parameter (RFC 3261 §19.3), or null. */
    public String tag() {
        return params.get("tag");
    }

    public Address withTag(String tag) {
        return new Address(display, uri, params.copy().set("tag", tag));
    }

    public Address withParam(String name, String value) {
        return new Address(display, uri, params.copy().set(name, value));
    }

    public Address withUri(Uri u) {
        return new Address(display, u, params.copy());
    }

    public boolean isStar() {
        return this == STAR;
    }

    /** The expires parameter of a Contact (RFC 3261 §10.2.1.1), or -1. */
    public long expires() {
        String e = params.get("expires");
        return e == null ? -1 : Syntax.parseUnsigned(e, "expires");
    }

    /** The q parameter (RFC 3261 §20.10), 1.0 when absent. */
    public double q() {
        String q = params.get("q");
        if (q == null) return 1.0;
        try {
            double v = Double.parseDouble(q);
            if (v < 0 || v > 1) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new SipParseException(400, "bad q value '" + q + "'");
        }
    }

    /** Always the name-addr form, so that URI parameters cannot be taken for header parameters. */
    @Override
    public String toString() {
        if (isStar()) return "*";
        return (display == null ? "" : Syntax.quote(display) + " ") + "<" + uri + ">" + params;
    }
}
