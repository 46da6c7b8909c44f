/**
 * The algorithm-independent overlay node runtime: {@link org.peerline.overlay.core.node.Rpc} (transactions,
 * retransmission, counters, anti-amplification) and {@link org.peerline.overlay.core.node.OverlayNode} (signed
 * put/get/remove, quorum replication, re-publishing, routing), on which Bamboo, Chord and Kademlia plug a routing
 * strategy. Sans-I/O: a {@link org.peerline.overlay.core.Network} and a {@link org.peerline.overlay.core.Clock} in,
 * one event loop, no locks.
 */
@Export
@Version("0.1.0")
package org.peerline.overlay.core.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
