/**
 * SIP transactions (RFC 3261 §17, RFC 6026), sans-I/O.
 */
@Export
@Version("0.1.0")
package org.peerline.sip.transaction;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
