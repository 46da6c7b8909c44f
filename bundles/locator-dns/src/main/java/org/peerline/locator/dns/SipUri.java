package org.peerline.locator.dns;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parts of a SIP or SIPS URI (RFC 3261 §19.1.1) that server location needs (RFC 3263 §4): scheme, host, port,
 * and the {@code transport} and {@code maddr} parameters. IPv6 references are bracketed (RFC 5118 §4.1); the host
 * kept here has no brackets.
 *
 * @param secure whether the scheme is {@code sips}
 * @param host the host, lower case, IPv6 without brackets
 * @param port the port, or -1 when absent
 * @param transport the {@code transport} parameter, lower case, or null
 * @param maddr the {@code maddr} parameter, IPv6 without brackets, or null
 */
public record SipUri(boolean secure, String host, int port, String transport, String maddr) {
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1?\\d?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?");

    /**
     * Parses {@code sip:} / {@code sips:} URIs, optionally in angle brackets.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static SipUri parse(String text) {
        String s = text.strip();
        if (s.startsWith("<") && s.endsWith(">")) s = s.substring(1, s.length() - 1);
        int colon = s.indexOf(':');
        String scheme = colon < 0 ? "" : s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) throw new IllegalArgumentException("not a sip or sips URI");
        String rest = s.substring(colon + 1);
        int q = rest.indexOf('?'); // headers (RFC 3261 §19.1.1) play no part in server location
        if (q >= 0) rest = rest.substring(0, q);
        rest = rest.substring(rest.indexOf('@') + 1); // userinfo cannot hold an unescaped '@'
        String hostport = rest, params = "";
        int semi = rest.indexOf(';');
        if (semi >= 0) {
            hostport = rest.substring(0, semi);
            params = rest.substring(semi + 1);
        }
        String host;
        int port = -1;
        String portText = null;
        if (hostport.startsWith("[")) { // RFC 5118 §4.1: IPv6reference
            int end = hostport.indexOf(']');
            if (end < 0) throw new IllegalArgumentException("unterminated IPv6 reference");
            host = ipv6(hostport.substring(1, end));
            String after = hostport.substring(end + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) throw new IllegalArgumentException("junk after IPv6 reference");
                portText = after.substring(1);
            }
        } else {
            int c = hostport.indexOf(':');
            host = c < 0 ? hostport : hostport.substring(0, c);
            if (c >= 0) portText = hostport.substring(c + 1);
            host = hostname(host);
        }
        if (portText != null) {
            if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) > 65535) {
                throw new IllegalArgumentException("bad port '" + portText + "'");
            }
            port = Integer.parseInt(portText);
        }
        String transport = null, maddr = null;
        for (String p : params.split(";")) {
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : p.substring(eq + 1).strip();
            if (name.equals("transport")) transport = value.toLowerCase(Locale.ROOT);
            if (name.equals("maddr")) {
                maddr = value.startsWith("[") && value.endsWith("]") ? ipv6(value.substring(1, value.length() - 1))
                        : hostname(value);
            }
        }
        if ("".equals(transport)) throw new IllegalArgumentException("empty parameter value");
        return new SipUri(scheme.equals("sips"), host, port, transport, maddr);
    }

    private static String hostname(String text) {
        String host = text.toLowerCase(Locale.ROOT);
        if (!IPV4.matcher(host).matches() && !HOSTNAME.matcher(host).matches()) {
            throw new IllegalArgumentException("bad host '" + text + "'");
        }
        return host;
    }

    private static String ipv6(String literal) {
        if (!literal.matches("[0-9a-fA-F:.]+") || !literal.contains(":")) {
            throw new IllegalArgumentException("bad IPv6 address '" + literal + "'");
        }
        return literal.toLowerCase(Locale.ROOT);
    }

    /** RFC 3263 §4.1: the TARGET is {@code maddr} when present, else the host. */
    public String target() {
        return maddr != null ? maddr : host;
    }

    /** Whether the TARGET is a numeric IPv4 or IPv6 address (RFC 3263 §4.1), so no DNS lookup applies. */
    public boolean numericTarget() {
        String t = target();
        return t.contains(":") || IPV4.matcher(t).matches();
    }
}
