/**
 * The Locator swap point: where to send a request for a URI (RFC 3263 server location) and where a user is (the
 * location service of RFC 3261 §10: address-of-record bindings). Providers: DNS, a registrar's store, the overlay.
 */
@Export
@Version("1.0.0")
package org.peerline.api.locator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
