package org.peerline.api.traversal;

import java.util.concurrent.CompletionStage;
import org.peerline.api.transport.Endpoint;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A NAT traversal method. For a datagram {@link Endpoint} the consumer opened, it gathers candidates (RFC 8445
 * §5.1.1): the host address, server-reflexive addresses learnt with STUN, relayed addresses allocated with TURN.
 *
 * <p><b>Service properties</b>: {@value #METHOD} ({@code none}, {@code stun}, {@code turn}, {@code ice}).
 *
 * <p>The endpoint stays the consumer's: the consumer passes every datagram it receives on it to
 * {@link Gathering#offer}, which consumes STUN/TURN traffic (RFC 7983 §7 demultiplexing) and leaves the rest.
 * <b>Threading</b>: thread-safe, non-blocking. <b>Errors</b>: a server that does not answer completes the
 * candidates without its candidate and reports it in {@link Gathering#problems()}; nothing throws for network
 * conditions.
 */
@ProviderType
public interface Traversal {
    String METHOD = "traversal.method";

    /** The method name, as in {@value #METHOD}. */
    String method();

    /** Starts gathering candidates for {@code endpoint}. Close the gathering to release relays and bindings. */
    Gathering gather(Endpoint endpoint);

    /** Discovers how the NAT in front of {@code endpoint} maps and filters (RFC 5780 §4.3, §4.4). */
    CompletionStage<NatBehavior> describeNat(Endpoint endpoint);
}
