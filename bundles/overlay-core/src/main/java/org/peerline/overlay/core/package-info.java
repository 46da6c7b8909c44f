/**
 * Overlay core shared by every DHT algorithm: Ed25519 signing (RFC 8032) and the canonical encoding of signed
 * values, signed storage with BEP 44 sequence rules and RFC 6940 USER-NODE-MATCH ownership, node identity, the
 * versioned binary wire format, the network and clock SPIs of the sans-I/O node runtime, the RFC 6298 RTT
 * estimator, and a deterministic discrete-event network simulator.
 */
@Export
@Version("0.1.0")
package org.peerline.overlay.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
