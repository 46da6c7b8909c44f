/**
 * The proxy core (RFC 3261 §16): a transaction-stateful proxy with forking, Record-Route, CANCEL, Timer C and
 * stateless forwarding of ACKs and stray responses, as a {@link org.peerline.sip.transaction.TransactionUser}.
 */
@Export
@Version("0.1.0")
package org.peerline.sip.proxy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
