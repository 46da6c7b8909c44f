package org.peerline.api.traversal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.peerline.api.transport.Flow;
import org.osgi.annotation.versioning.ProviderType;

/** Candidates being gathered for one endpoint, and the bindings or relays kept alive for them. */
@ProviderType
public interface Gathering extends AutoCloseable {
    /** Completes with every candidate found, highest priority first, once gathering has finished. */
    CompletionStage<List<Candidate>> candidates();

    /**
     * A datagram received on the endpoint; returns true if it was STUN/TURN traffic for this gathering and was
     * consumed, false if it belongs to the consumer (RTP, SIP, ...).
     */
    boolean offer(Flow flow, ByteBuffer datagram);

    /** What went wrong while gathering (unreachable server, refused allocation), one line each. */
    List<String> problems();

    /** Releases relays (TURN refresh with lifetime 0) and stops keep-alives. */
    @Override
    void close();
}
