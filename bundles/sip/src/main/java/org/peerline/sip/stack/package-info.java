/**
 * The SIP stack: transport processing (RFC 3261 §18, RFC 3581) and its event loop over Transport endpoints.
 */
@Export
@Version("0.1.0")
package org.peerline.sip.stack;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
