/**
 * Bamboo (Rhea, Geels, Roscoe and Kubiatowicz, "Handling Churn in a DHT", USENIX 2004) over Pastry (Rowstron and
 * Druschel, Middleware 2001) as a routing strategy of the overlay-core node runtime: b = 4 prefix routing table,
 * leaf set, periodic recovery, proximity neighbour selection.
 */
@Export
@Version("0.1.0")
package org.peerline.overlay.bamboo;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
