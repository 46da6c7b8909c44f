package org.peerline.sip.stack;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * One configured listening address, {@code [transport:]host:port} (IPv6 in brackets, RFC 5118 style), e.g.
 * {@code udp:0.0.0.0:5060}, {@code tcp:[::1]:5062}, {@code 127.0.0.1:5070} (UDP).
 */
public record ListenAddress(String transport, InetSocketAddress address) {
    public static ListenAddress parse(String s) {
        String t = "udp";
        String rest = s.trim();
        int colon = rest.indexOf(':');
        if (colon > 0 && rest.substring(0, colon).matches("(?i)udp|tcp|tls|ws|wss|sctp")) {
            t = rest.substring(0, colon).toLowerCase(Locale.ROOT);
            rest = rest.substring(colon + 1);
        }
        int last = rest.lastIndexOf(':');
        if (last <= 0) throw new IllegalArgumentException("'" + s + "' is not [transport:]host:port");
        String host = rest.substring(0, last).replace("[", "").replace("]", "");
        try {
            int port = Integer.parseInt(rest.substring(last + 1));
            if (port < 0 || port > 65535) throw new NumberFormatException();
            return new ListenAddress(t, new InetSocketAddress(host, port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' has no valid port");
        }
    }
}
