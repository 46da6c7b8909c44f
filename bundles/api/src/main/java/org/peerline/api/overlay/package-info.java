/**
 * The Overlay swap point: a DHT node (Bamboo/Pastry, Chord, Kademlia, ...) storing signed values with a lifetime.
 */
@Export
@Version("1.0.0")
package org.peerline.api.overlay;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
