/**
 * Chord (Stoica et al., "Chord: A Scalable Peer-to-peer Lookup Protocol for Internet Applications", IEEE/ACM ToN
 * 2003) with CHORD-RELOAD's parameters (RFC 6940 §10) as a routing strategy of the overlay-core node runtime:
 * identifier circle, successor and predecessor lists, fingers, iterative lookups, stabilisation, finger repair.
 */
@Export
@Version("0.1.0")
package org.peerline.overlay.chord;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
