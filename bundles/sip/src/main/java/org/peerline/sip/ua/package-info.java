/**
 * The user agent core and dialogs (RFC 3261 §8, §12-15).
 */
@Export
@Version("0.1.0")
package org.peerline.sip.ua;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
