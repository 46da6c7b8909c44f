package org.peerline.api.locator;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Resolves a SIP or SIPS URI to the ordered next hops to try (RFC 3263 §4: transport, then NAPTR, SRV and A/AAAA
 * records). A client tries the targets in order and moves to the next one on a transport error or a timeout
 * (RFC 3263 §4.3).
 *
 * <p><b>Service properties</b>: {@value #KIND} names the provider ({@code dns}, {@code static}, {@code overlay},
 * ...). <b>Threading</b>: thread-safe and non-blocking; the stage completes on a provider thread.
 * <b>Errors</b>: a name that does not exist completes with an empty list; a failed lookup (no answer, timeout)
 * completes exceptionally with {@link LocatorException}.
 */
@ProviderType
public interface Locator {
    /** Service property naming the provider of a Locator or a {@link LocationStore}. */
    String KIND = "locator.kind";

    /**
     * @param uri a {@code sip:}, {@code sips:} or {@code tel:} URI as text (RFC 3261 §19.1)
     * @param transports the transports the caller can use, in preference order, e.g. {@code [udp, tcp, tls]}
     * @return targets in the order to try them, never null
     */
    CompletionStage<List<Target>> resolve(String uri, List<String> transports);
}
