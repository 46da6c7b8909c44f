package org.peerline.sip.transaction;

import org.peerline.sip.message.Request;
import org.peerline.sip.message.Response;

/** The transaction user (RFC 3261 §17): the UA core or the proxy core, called on the core's thread. */
public interface TransactionUser {
    /** A new request (not a retransmission); respond through the transaction. */
    void request(ServerTransaction tx, Request request);

    /** An ACK that matches no transaction: the ACK of a 2xx, end to end (RFC 3261 §17.2.1, §13.3.1.4). */
    void ack(Request ack, Hop from);

    /** A response of a client transaction, provisional or final; 2xx retransmissions too (RFC 6026 Accepted). */
    void response(ClientTransaction tx, Response response);

    /** A response that matches no transaction (a 2xx after its transaction ended, a forked 2xx: §13.2.2.4). */
    default void stray(Response response, Hop from) {
    }

    /** Timer B or F fired: no final response (RFC 3261 §17.1.1.2, §17.1.2.2); the TU acts as on a 408. */
    void timeout(ClientTransaction tx);

    /** The transport could not send for this transaction (§17.1.4, §17.2.4). */
    default void transportError(Transaction tx, Throwable cause) {
    }

    /**
     * Whether a request is handled without a server transaction, as a stateless proxy does (RFC 3261 §16.11); then
     * it goes to {@link #statelessRequest} and retransmissions are handled again, identically.
     */
    default boolean stateless(Request request) {
        return false;
    }

    /** A request handled statelessly ({@link #stateless} said so). */
    default void statelessRequest(Request request, Hop from) {
    }

    /** An INVITE server transaction got no ACK for its final response (Timer H, §17.2.1). */
    default void noAck(ServerTransaction tx) {
    }
}
