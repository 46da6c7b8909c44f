/**
 * The P2P-SIP node (issue 5): a SIP registrar (RFC 3261 §10.3) and transaction-stateful proxy (§16) for the user
 * agents that use this node, whose location store is the overlay: bindings are published as signed records with a
 * proof of the user's password, and requests to an address of record are routed to the node holding its binding.
 * Plain classes on a {@link org.peerline.sip.stack.SipStack}; no OSGi in this package.
 */
@Export
@Version("0.1.0")
package org.peerline.p2psip;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
