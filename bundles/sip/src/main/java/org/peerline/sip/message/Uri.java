package org.peerline.sip.message;

import java.util.Locale;

/**
 * A URI in a SIP message: {@link SipUri} (sip, sips: RFC 3261 §19.1), {@link TelUri} (RFC 3966), or any other
 * absoluteURI kept as text ({@link GenericUri}, RFC 3261 §19.1 and RFC 4475 §3.3.2: parsed, then 416 where used).
 */
public sealed interface Uri permits SipUri, TelUri, GenericUri {
    /** The scheme, lower case. */
    String scheme();

    /** URI equivalence (RFC 3261 §19.1.4 for SIP, RFC 3966 §4 for tel, exact text otherwise). */
    boolean equivalent(Uri other);

    /** Parses any URI; throws SipParseException (400) naming the problem. */
    static Uri parse(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0) throw new SipParseException(400, "not a URI: '" + s + "'");
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!Character.isLetter(scheme.charAt(0))) throw new SipParseException(400, "bad URI scheme in '" + s + "'");
        for (int i = 0; i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                throw new SipParseException(400, "bad URI scheme in '" + s + "'");
            }
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '<' || c == '>' || c == '"') {
                throw new SipParseException(400, "URI '" + s + "' contains " + (c <= ' ' ? "whitespace" : "'" + c + "'"));
            }
        }
        return switch (scheme) {
            case "sip", "sips" -> SipUri.parse(s);
            case "tel" -> TelUri.parse(s);
            default -> new GenericUri(s);
        };
    }

    /** Resolves %HEX escapes (RFC 3261 §19.1.2, RFC 3986 §2.1); a bad escape is kept as it is. */
    static String unescape(String s) {
        if (s.indexOf('%') < 0) return s;
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                b.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] u = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                b.write(u, 0, u.length);
            }
        }
        return b.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
