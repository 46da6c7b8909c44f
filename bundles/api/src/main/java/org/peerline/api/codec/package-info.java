/**
 * The Codec swap point: audio codecs between 16-bit linear PCM and RTP payloads (RFC 3550, RFC 3551).
 */
@Export
@Version("1.0.0")
package org.peerline.api.codec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
