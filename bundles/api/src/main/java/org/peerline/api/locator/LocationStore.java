package org.peerline.api.locator;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The location service of RFC 3261 §10: bindings from addresses of record to contacts, each with an expiry.
 * Belongs to the Locator swap point: registered with {@value Locator#KIND} ({@code memory}, {@code overlay}, ...).
 *
 * <p>The store applies RFC 3261 §10.3 steps 6–8: a binding with the same AOR and contact replaces the previous one
 * when it comes from the same Call-ID with a higher CSeq, or from another Call-ID; an older CSeq fails with
 * {@link LocatorException}. Expired bindings are never returned.
 *
 * <p><b>Threading</b>: thread-safe, non-blocking; stages complete on a provider thread.
 */
@ProviderType
public interface LocationStore {
    /**
     * Adds or refreshes a binding (a refresh is a bind of the same contact with a later expiry).
     *
     * @return the AOR's bindings after the change
     */
    CompletionStage<List<Binding>> bind(Binding binding);

    /**
     * Removes one contact of an AOR, or every contact when {@code contact} is {@code "*"} (RFC 3261 §10.2.2).
     *
     * @return the AOR's bindings after the change
     */
    CompletionStage<List<Binding>> unbind(String aor, String contact);

    /** The AOR's current bindings, highest q first; empty if none. */
    CompletionStage<List<Binding>> lookup(String aor);
}
