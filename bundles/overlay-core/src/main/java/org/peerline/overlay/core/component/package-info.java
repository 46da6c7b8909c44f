/**
 * The OSGi side shared by the overlay algorithm bundles: one node per factory configuration, registered as an
 * {@link org.peerline.api.overlay.Overlay} service.
 */
@Export
@Version("0.1.0")
package org.peerline.overlay.core.component;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
