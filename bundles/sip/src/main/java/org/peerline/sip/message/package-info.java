/**
 * SIP messages: parsing, serialization, URIs and header values (RFC 3261 §7, §19, §20, §25).
 */
@Export
@Version("0.1.0")
package org.peerline.sip.message;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
