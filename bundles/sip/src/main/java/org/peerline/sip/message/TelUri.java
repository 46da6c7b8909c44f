package org.peerline.sip.message;

import java.util.Objects;

/** A tel URI (RFC 3966 §3): a global (+) or local number with parameters such as phone-context. */
public final class TelUri implements Uri {
    private final String number;
    private final Params params;

    public TelUri(String number, Params params) {
        this.number = number;
        this.params = params == null ? new Params() : params;
    }

    static TelUri parse(String s) {
        int semi = s.indexOf(';');
        String number = s.substring(4, semi < 0 ? s.length() : semi);
        if (number.isEmpty()) throw new SipParseException(400, "tel URI without a number: '" + s + "'");
        for (char c : number.toCharArray()) {
            if (!(Character.isDigit(c) || "+-.()*#ABCDabcdpwPW".indexOf(c) >= 0)) {
                throw new SipParseException(400, "bad character '" + c + "' in tel URI '" + s + "'");
            }
        }
        Params p = new Params();
        if (semi >= 0 && p.parse(s, semi, "") != s.length()) throw new SipParseException(400, "bad tel URI '" + s + "'");
        return new TelUri(number, p);
    }

    @Override
    public String scheme() {
        return "tel";
    }

    /** The number as written, visual separators included. */
    public String number() {
        return number;
    }

    /** Whether it is a global number (RFC 3966 §5.1.4). */
    public boolean global() {
        return number.startsWith("+");
    }

    public Params params() {
        return params;
    }

    /** The digits without visual separators (RFC 3966 §5.1.1), for comparison. */
    public String digits() {
        return number.replaceAll("[-.()]", "").toUpperCase(java.util.Locale.ROOT);
    }

    /** RFC 3966 §4: numbers equal without visual separators, parameters equal (names case-insensitive). */
    @Override
    public boolean equivalent(Uri other) {
        if (!(other instanceof TelUri t) || !digits().equals(t.digits())) return false;
        if (params.names().size() != t.params.names().size()) return false;
        for (String n : params.names()) {
            if (!t.params.has(n) || !Objects.equals(params.lower(n), t.params.lower(n))) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "tel:" + number + params;
    }
}
