package org.peerline.sip.proxy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.peerline.sip.message.Request;
import org.peerline.sip.message.SipUri;
import org.peerline.sip.message.Uri;

/**
 * Where a request for one of the proxy's own domains goes (RFC 3261 §16.5): the location service lookup or a
 * redirect policy. It may complete on any thread; the proxy goes back to its event loop. An empty list is answered
 * 480 (§16.5); {@link Rejected} answers another status (404 for an unknown user, 403, 503, ...).
 */
@FunctionalInterface
public interface Targets {
    CompletionStage<List<Uri>> lookup(Request request);

    /** Completes a lookup with a response status instead of targets. */
    final class Rejected extends RuntimeException {
        private final int status;

        public Rejected(int status, String why) {
            super(why, null, false, false);
            if (status < 300 || status > 699) throw new IllegalArgumentException("status " + status + " is not final");
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** A static table keyed by the user part of the Request-URI (other URIs by their text); 404 for unknown users. */
    static Targets of(Map<String, List<Uri>> byUser) {
        return request -> {
            Uri u = request.uri();
            String key = u instanceof SipUri s ? s.user() : u.toString();
            List<Uri> found = key == null ? null : byUser.get(key);
            return found != null ? CompletableFuture.completedFuture(List.copyOf(found))
                    : CompletableFuture.failedFuture(new Rejected(404, "no such user: " + key));
        };
    }
}
