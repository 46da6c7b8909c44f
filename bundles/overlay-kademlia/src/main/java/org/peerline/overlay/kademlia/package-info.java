/**
 * Kademlia (Maymounkov and Mazieres, IPTPS 2002) as a routing strategy of the overlay-core node runtime: XOR
 * metric, 160 k-buckets, iterative parallel lookups, bucket refresh.
 */
@Export
@Version("0.1.0")
package org.peerline.overlay.kademlia;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
