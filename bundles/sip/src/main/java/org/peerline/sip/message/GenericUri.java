package org.peerline.sip.message;

import java.util.Locale;

/** An absoluteURI of a scheme this stack does not interpret (RFC 3261 §19.1, §25.1), kept as text. */
public record GenericUri(String text) implements Uri {
    @Override
    public String scheme() {
        return text.substring(0, text.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equivalent(Uri other) {
        return other instanceof GenericUri g && g.text.equals(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
