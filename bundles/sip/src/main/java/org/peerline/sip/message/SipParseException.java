package org.peerline.sip.message;

/**
 * A message or header that does not follow the RFC 3261 §25 grammar. Carries the response a server sends for it
 * (400 with a reason phrase naming the problem, or 505, 416, 413, 513 ...); for responses it means: drop and
 * count. Unchecked, so that typed header views stay convenient; the stack catches it at its edges.
 */
public class SipParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public SipParseException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    /** The status code to answer a request with. */
    public int status() {
        return status;
    }

    /** The reason phrase naming the problem (one line, no CR or LF). */
    public String reason() {
        return getMessage().replace('\r', ' ').replace('\n', ' ');
    }
}
