package org.peerline.sip.transaction;

import org.peerline.sip.message.SipMessage;

/** How the transaction layer sends (RFC 3261 §18): the stack's transports. Never blocks. */
@FunctionalInterface
public interface Wire {
    /**
     * Sends a message; {@code onError} is called (on the core's thread) if the transport fails to send it, which
     * the transaction layer reports as a transport error (RFC 3261 §17.1.4, §17.2.4).
     */
    void send(SipMessage message, Hop hop, java.util.function.Consumer<Throwable> onError);
}
