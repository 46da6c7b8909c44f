/**
 * The Traversal swap point: NAT traversal for media and overlay sockets (none, STUN RFC 8489, TURN RFC 8656,
 * ICE RFC 8445), and NAT behaviour discovery (RFC 5780).
 */
@Export
@Version("1.0.0")
package org.peerline.api.traversal;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
