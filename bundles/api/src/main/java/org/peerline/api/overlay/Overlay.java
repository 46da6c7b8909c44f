package org.peerline.api.overlay;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A distributed hash table node: it joins a ring of peers, stores and finds {@link SignedValue}s with a lifetime,
 * and routes messages to the node responsible for a key (its root).
 *
 * <p><b>Service properties</b>: {@value #ALGORITHM} ({@code bamboo}, {@code chord}, {@code kademlia}, ...) and
 * {@value #ADDRESS} ({@code host:port} of the node). Several nodes may run in one framework, one service each.
 *
 * <p><b>Lifecycle</b>: the service is registered once the node is running; it may still be joining
 * ({@link #joined()}). When the service goes away its node has left: consumers move what they own to the
 * replacement ({@link #owned()} of the old node, {@link #put(SignedValue)} into the new one).
 *
 * <p><b>Threading</b>: thread-safe and non-blocking; stages complete on the node's event loop, so continuations
 * must not block. <b>Errors</b>: stages complete exceptionally with {@link OverlayException} (timeouts, rejected
 * writes, no route); methods never throw for network conditions.
 */
@ProviderType
public interface Overlay {
    String ALGORITHM = "overlay.algorithm";
    String ADDRESS = "overlay.address";

    /** The algorithm, as in {@value #ALGORITHM}. */
    String algorithm();

    /** This node's id. */
    Id id();

    /** This node's public key (X.509 SubjectPublicKeyInfo), the owner of the values it writes. */
    byte[] publicKey();

    /** Where this node listens. */
    InetSocketAddress address();

    /** Whether the node is part of a ring (a node with no peers is a ring of one). */
    boolean joined();

    /** Joins through these bootstrap nodes (empty: forms a ring of one). Completes when joined. */
    CompletionStage<Void> join(List<InetSocketAddress> bootstrap);

    /** Leaves the ring, handing its values to its neighbours first. */
    CompletionStage<Void> leave();

    /** Stores {@code value} under {@code key}, signed by this node, for {@code lifetime}; returns what was stored. */
    CompletionStage<SignedValue> put(Id key, byte[] value, Duration lifetime);

    /** Stores a value signed elsewhere (for re-publishing); storing nodes verify the signature. */
    CompletionStage<Void> put(SignedValue value);

    /** All live values under {@code key}, signatures verified, tombstones excluded. */
    CompletionStage<List<SignedValue>> get(Id key);

    /** The first valid value found, without waiting for slower replicas; empty if there is none. */
    CompletionStage<Optional<SignedValue>> getFirst(Id key);

    /** Removes this node's value under {@code key} (stores a signed tombstone). */
    CompletionStage<Void> remove(Id key);

    /** Routes {@code message} to the root of {@code key} and returns its listener's reply. */
    CompletionStage<byte[]> route(Id key, byte[] message);

    /** The values this node wrote and that have not expired: what a replacement must re-publish. */
    List<SignedValue> owned();

    /** The routing state: leaf set, successors and predecessors, fingers or buckets. */
    List<Neighbor> neighbors();

    /** Counters by name: messages and bytes per message type, lookups, hops, failures, values stored. */
    Map<String, Long> stats();

    void addListener(OverlayListener listener);

    void removeListener(OverlayListener listener);
}
