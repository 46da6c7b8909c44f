package org.peerline.sip.message;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.peerline.api.transport.Framer;

/**
 * Cuts SIP messages out of a TCP/TLS/WS byte stream (RFC 3261 §18.3): the headers end at the first empty line and
 * Content-Length bytes of body follow (absent means 0). RFC 5626 §3.5.1 keep-alives: a CRLFCRLF "ping" between
 * messages is delivered as a 4-byte message so that the stack can answer with a CRLF "pong"; a lone CRLF is
 * skipped. A message over the size limit, or a bad Content-Length (RFC 4475 §3.1.2.3, §3.3.9), closes the
 * connection.
 */
public final class StreamFramer implements Framer {
    /** The keep-alive ping of RFC 5626 §3.5.1. */
    public static final byte[] PING = {'\r', '\n', '\r', '\n'};
    private final int maxMessage;

    public StreamFramer(int maxMessage) {
        this.maxMessage = maxMessage;
    }

    /** Whether a framed message is a keep-alive ping. */
    public static boolean isPing(byte[] message) {
        return message.length == 4 && message[0] == '\r' && message[1] == '\n' && message[2] == '\r' && message[3] == '\n';
    }

    @Override
    public int frame(ByteBuffer buf) throws IOException {
        int p = buf.position();
        int lim = buf.limit();
        if (lim - p >= 4 && buf.get(p) == '\r' && buf.get(p + 1) == '\n' && buf.get(p + 2) == '\r'
                && buf.get(p + 3) == '\n') {
            return 4;
        }
        if (lim - p >= 2 && buf.get(p) == '\r' && buf.get(p + 1) == '\n') return lim - p >= 4 ? -2 : 0;
        int headerEnd = -1;
        for (int i = p; i + 3 < lim; i++) {
            if (buf.get(i) == '\r' && buf.get(i + 1) == '\n' && buf.get(i + 2) == '\r' && buf.get(i + 3) == '\n') {
                headerEnd = i + 4;
                break;
            }
        }
        if (headerEnd < 0) {
            if (lim - p > maxMessage) throw new IOException("headers longer than " + maxMessage + " bytes");
            return 0;
        }
        long length = contentLength(buf, p, headerEnd);
        long total = headerEnd - p + length;
        if (total > maxMessage) throw new IOException("message of " + total + " bytes exceeds " + maxMessage);
        return lim - p >= total ? (int) total : 0;
    }

    /** Finds Content-Length (or its compact form "l") at the start of a header line. */
    private static long contentLength(ByteBuffer buf, int from, int to) throws IOException {
        long found = -1;
        for (int i = from; i < to; i++) {
            if (i != from && buf.get(i - 1) != '\n') continue;
            int nameEnd = i;
            while (nameEnd < to && buf.get(nameEnd) != ':' && buf.get(nameEnd) != '\r') nameEnd++;
            if (nameEnd >= to || buf.get(nameEnd) != ':') continue;
            String name = ascii(buf, i, nameEnd).trim();
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("l")) continue;
            int e = nameEnd + 1;
            while (e < to && buf.get(e) != '\r') e++;
            String v = ascii(buf, nameEnd + 1, e).trim();
            long n;
            try {
                n = Syntax.parseUnsigned(v, "Content-Length");
            } catch (SipParseException ex) {
                throw new IOException(ex.getMessage());
            }
            if (found >= 0 && found != n) throw new IOException("conflicting Content-Length values");
            found = n;
        }
        return Math.max(found, 0);
    }

    private static String ascii(ByteBuffer buf, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) b.append((char) (buf.get(i) & 0xff));
        return b.toString();
    }
}
