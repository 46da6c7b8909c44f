package org.peerline.sip.message;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Header names (RFC 3261 §7.3, §20): canonical spelling, compact forms (§7.3.3, RFC 3265, RFC 3515, RFC 4028), and
 * which headers carry comma-separated lists (§7.3.1). Lookups are case-insensitive (§7.3.1: field names are).
 */
public final class HeaderNames {
    public static final String VIA = "Via";
    public static final String FROM = "From";
    public static final String TO = "To";
    public static final String CALL_ID = "Call-ID";
    public static final String CSEQ = "CSeq";
    public static final String MAX_FORWARDS = "Max-Forwards";
    public static final String CONTACT = "Contact";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String ROUTE = "Route";
    public static final String RECORD_ROUTE = "Record-Route";
    public static final String REQUIRE = "Require";
    public static final String PROXY_REQUIRE = "Proxy-Require";
    public static final String SUPPORTED = "Supported";
    public static final String UNSUPPORTED = "Unsupported";
    public static final String ALLOW = "Allow";
    public static final String EXPIRES = "Expires";
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    public static final String AUTHORIZATION = "Authorization";
    public static final String PROXY_AUTHENTICATE = "Proxy-Authenticate";
    public static final String PROXY_AUTHORIZATION = "Proxy-Authorization";
    public static final String USER_AGENT = "User-Agent";
    public static final String SERVER = "Server";
    public static final String ACCEPT = "Accept";
    public static final String MIN_EXPIRES = "Min-Expires";
    public static final String RETRY_AFTER = "Retry-After";
    public static final String WARNING = "Warning";

    private static final Map<String, String> CANONICAL = new HashMap<>();
    private static final Set<String> LISTS = Set.of("via", "contact", "route", "record-route", "require",
            "proxy-require", "supported", "unsupported", "allow", "accept", "accept-encoding", "accept-language",
            "content-encoding", "alert-info", "call-info", "error-info", "in-reply-to", "path", "service-route",
            "allow-events", "warning", "p-asserted-identity", "reason", "security-client", "security-server",
            "security-verify", "history-info", "accept-contact", "reject-contact", "request-disposition");

    static {
        for (String n : new String[] {VIA, FROM, TO, CALL_ID, CSEQ, MAX_FORWARDS, CONTACT, CONTENT_LENGTH,
                CONTENT_TYPE, ROUTE, RECORD_ROUTE, REQUIRE, PROXY_REQUIRE, SUPPORTED, UNSUPPORTED, ALLOW, EXPIRES,
                WWW_AUTHENTICATE, AUTHORIZATION, PROXY_AUTHENTICATE, PROXY_AUTHORIZATION, USER_AGENT, SERVER, ACCEPT,
                MIN_EXPIRES, RETRY_AFTER, WARNING, "Accept-Encoding", "Accept-Language", "Alert-Info",
                "Authentication-Info", "Call-Info", "Content-Disposition", "Content-Encoding", "Content-Language",
                "Date", "Error-Info", "In-Reply-To", "MIME-Version", "Min-SE", "Organization", "Priority", "Reply-To",
                "Subject", "Timestamp", "Event", "Allow-Events", "Subscription-State", "Refer-To", "Referred-By",
                "Session-Expires", "Path", "Service-Route", "RAck", "RSeq", "Reason", "P-Asserted-Identity",
                "Identity", "Replaces"}) {
            CANONICAL.put(n.toLowerCase(Locale.ROOT), n);
        }
        String[][] compact = {{"i", CALL_ID}, {"m", CONTACT}, {"e", "Content-Encoding"}, {"l", CONTENT_LENGTH},
                {"c", CONTENT_TYPE}, {"f", FROM}, {"s", "Subject"}, {"k", SUPPORTED}, {"t", TO}, {"v", VIA},
                {"o", "Event"}, {"u", "Allow-Events"}, {"r", "Refer-To"}, {"b", "Referred-By"},
                {"x", "Session-Expires"}, {"y", "Identity"}, {"a", "Accept-Contact"}, {"j", "Reject-Contact"},
                {"d", "Request-Disposition"}};
        for (String[] c : compact) CANONICAL.put(c[0], c[1]);
    }

    private HeaderNames() {
    }

    /** The canonical name of a header (compact forms expanded); unknown names are returned as given. */
    public static String canonical(String name) {
        String c = CANONICAL.get(name.toLowerCase(Locale.ROOT));
        return c != null ? c : name;
    }

    /** Name as given -> lookup key; names repeat, so this saves two lower-casings per header access. */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The lookup key: canonical name, lower case. */
    static String key(String name) {
        String k = KEYS.get(name);
        if (k == null) {
            k = canonical(name).toLowerCase(Locale.ROOT);
            if (KEYS.size() < 4096) KEYS.put(name, k); // bounded: names from hostile peers must not grow it forever
        }
        return k;
    }

    /** Whether the header's value is a comma-separated list of elements (RFC 3261 §7.3.1). */
    public static boolean isList(String name) {
        return LISTS.contains(key(name));
    }
}
