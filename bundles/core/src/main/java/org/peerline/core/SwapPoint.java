package org.peerline.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.peerline.api.codec.Codec;
import org.peerline.api.locator.LocationStore;
import org.peerline.api.locator.Locator;
import org.peerline.api.overlay.Overlay;
import org.peerline.api.traversal.Traversal;
import org.peerline.api.transport.Transport;

/**
 * The five swap points (DESIGN.md principle 3): the service interfaces of each, and the service properties that
 * name a provider. A provider's name is the values of those properties joined by {@code /}, e.g.
 * {@code L16/16000/1}; a user may give a prefix of it ({@code L16}), which selects by the leading properties only.
 */
public enum SwapPoint {
    TRANSPORT("transport", List.of(Transport.class.getName()), List.of(Transport.PROTOCOL)),
    CODEC("codec", List.of(Codec.class.getName()), List.of(Codec.ENCODING, Codec.CLOCK_RATE, Codec.CHANNELS)),
    LOCATOR("locator", List.of(Locator.class.getName(), LocationStore.class.getName()), List.of(Locator.KIND)),
    /** The algorithm a node runs (overlay-core's OverlayAlgorithm services); the node's Overlay service stays. */
    OVERLAY("overlay", List.of("org.peerline.overlay.core.node.OverlayAlgorithm"), List.of(Overlay.ALGORITHM)),
    TRAVERSAL("traversal", List.of(Traversal.class.getName()), List.of(Traversal.METHOD));

    private final String label;
    private final List<String> interfaces;
    private final List<String> keys;

    SwapPoint(String label, List<String> interfaces, List<String> keys) {
        this.label = label;
        this.interfaces = interfaces;
        this.keys = keys;
    }

    /** The point's name in commands: {@code transport}, {@code codec}, ... */
    public String label() {
        return label;
    }

    /** The service interfaces a provider of this point registers (at least one of them). */
    public List<String> interfaces() {
        return interfaces;
    }

    /** The identifying service properties, most significant first. */
    public List<String> keys() {
        return keys;
    }

    /** The point called {@code name} (case-insensitive). */
    public static Optional<SwapPoint> named(String name) {
        return Arrays.stream(values()).filter(p -> p.label.equalsIgnoreCase(name)).findFirst();
    }

    /** The point an interface belongs to. */
    public static Optional<SwapPoint> ofInterface(String interfaceName) {
        return Arrays.stream(values()).filter(p -> p.interfaces.contains(interfaceName)).findFirst();
    }

    /** All point names, for error messages. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(SwapPoint::label).toList());
    }

    /** The provider name from its service properties: identifying values joined by '/', absent ones skipped. */
    public String providerName(Map<String, ?> properties) {
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            Object v = properties.get(k);
            if (v != null) parts.add(String.valueOf(v));
        }
        return parts.isEmpty() ? "?" : String.join("/", parts);
    }

    /**
     * The reference target filter that selects providers named {@code name} (or a prefix of the name); an LDAP
     * filter in parentheses is taken as it is.
     *
     * @throws IllegalArgumentException if the name has more parts than the point has identifying properties
     */
    public String targetFilter(String name) {
        String n = name.trim();
        if (n.startsWith("(")) return n;
        if (n.isEmpty()) throw new IllegalArgumentException("empty " + label + " provider name");
        String[] parts = n.split("/", -1);
        if (parts.length > keys.size()) {
            throw new IllegalArgumentException("'" + name + "' has " + parts.length + " parts; a " + label
                    + " provider is named " + String.join("/", keys));
        }
        StringBuilder f = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            f.append('(').append(keys.get(i)).append('=').append(escape(parts[i])).append(')');
        }
        return parts.length == 1 ? f.toString() : "(&" + f + ")";
    }

    /** Escapes a filter value (RFC 4515 §3: '*', '(', ')', '\'). */
    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '*' || c == '(' || c == ')' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
