/**
 * HTTP Digest authentication for SIP, client and server (RFC 2617, RFC 7616, RFC 3261 §22, RFC 8760).
 */
@Export
@Version("0.1.0")
package org.peerline.sip.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
