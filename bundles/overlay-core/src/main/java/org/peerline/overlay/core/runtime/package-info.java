/**
 * Runs an overlay node on a real network (DESIGN.md principle 1, the I/O edge of the sans-I/O core):
 * {@link org.peerline.overlay.core.runtime.LoopClock} (one event loop per node),
 * {@link org.peerline.overlay.core.runtime.TransportNetwork} (the {@link org.peerline.overlay.core.Network} SPI over
 * a datagram {@link org.peerline.api.transport.Transport}, RFC 768) and
 * {@link org.peerline.overlay.core.runtime.OverlayRunner} (identity, network, node, join, leave). Plain Java.
 */
@Export
@Version("0.1.0")
package org.peerline.overlay.core.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
