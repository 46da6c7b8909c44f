package org.peerline.core.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.peerline.core.SwapPoint;
import org.peerline.core.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code peerline:} shell commands: what provides each swap point and who uses it ({@code services}), switching
 * consumers to another provider ({@code use}), and the node's health ({@code status}). A consumer pinned to a
 * provider whose bundle is uninstalled falls back to the default provider (its pin is removed).
 */
@Component(service = PeerlineCommands.class, immediate = true, property = {"osgi.command.scope=peerline",
        "osgi.command.function=services", "osgi.command.function=use", "osgi.command.function=status"})
public class PeerlineCommands implements BundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(PeerlineCommands.class);
    static final Duration REBIND_DEADLINE = Duration.ofSeconds(5);

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Swaps swaps;
    private final ExecutorService reaper = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "peerline-swap-reaper");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public PeerlineCommands(BundleContext context, @Reference ServiceComponentRuntime scr,
                            @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.scr = scr;
        this.swaps = new Swaps(context, scr, configAdmin);
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        reaper.shutdownNow();
    }

    @Descriptor("list the providers of every swap point and the consumers bound to each")
    public String services() {
        Table t = new Table("POINT", "PROVIDER", "PROPERTIES", "BUNDLE", "RANKING", "SERVICE", "CONSUMERS");
        for (SwapPoint p : SwapPoint.values()) {
            List<Swaps.Consumer> consumers = swaps.consumers(p);
            List<Swaps.Provider> providers = swaps.providers(p, null);
            if (providers.isEmpty()) t.row(p.label(), "(none)", "", "", "", "", consumerNames(consumers));
            for (Swaps.Provider pr : providers) {
                String users = consumers.stream().filter(c -> c.bound().contains(pr.id())).map(Swaps.Consumer::name)
                        .collect(Collectors.joining(","));
                Bundle b = pr.ref().getBundle();
                t.row(p.label(), pr.name(), properties(p, pr), b == null ? "-" : b.getSymbolicName() + " [" + b.getBundleId() + "]",
                        pr.ranking(), pr.id(), users.isEmpty() ? "-" : users);
            }
        }
        return t.toString();
    }

    private static String consumerNames(List<Swaps.Consumer> consumers) {
        return consumers.isEmpty() ? "-" : "unbound: " + consumers.stream().map(Swaps.Consumer::name)
                .collect(Collectors.joining(","));
    }

    private static String properties(SwapPoint p, Swaps.Provider pr) {
        return Arrays.stream(pr.ref().getPropertyKeys()).filter(k -> k.startsWith(p.label() + "."))
                .filter(k -> !p.keys().contains(k)).sorted().map(k -> k + "=" + pr.ref().getProperty(k))
                .collect(Collectors.joining(" "));
    }

    @Descriptor("make every consumer of a swap point use the named provider, now and after restarts")
    public String use(@Descriptor("swap point: transport, codec, locator, overlay, traversal") String point,
                      @Descriptor("provider name (e.g. udp, L16/16000) or an LDAP filter") String provider)
            throws Exception {
        return use(point, provider, null);
    }

    @Descriptor("make one consumer of a swap point use the named provider, now and after restarts")
    public String use(@Descriptor("swap point: transport, codec, locator, overlay, traversal") String point,
                      @Descriptor("provider name (e.g. udp, L16/16000) or an LDAP filter") String provider,
                      @Descriptor("consumer: component name, or its last segments") String consumer)
            throws Exception {
        SwapPoint p = SwapPoint.named(point).orElseThrow(() -> new IllegalArgumentException(
                "unknown swap point '" + point + "' (known: " + SwapPoint.labels() + ")"));
        String filter = p.targetFilter(provider);
        List<Swaps.Provider> matching = swaps.providers(p, filter);
        if (matching.isEmpty()) {
            String known = swaps.providers(p, null).stream().map(Swaps.Provider::name).distinct()
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("no " + p.label() + " provider matches '" + provider + "' (available: "
                    + (known.isEmpty() ? "none" : known) + ")");
        }
        List<Swaps.Consumer> consumers = swaps.consumers(p).stream()
                .filter(c -> consumer == null || c.matches(consumer)).toList();
        if (consumers.isEmpty()) {
            String known = swaps.consumers(p).stream().map(Swaps.Consumer::name).collect(Collectors.joining(", "));
            throw new IllegalArgumentException(consumer == null ? "no component consumes " + p.label()
                    : "no " + p.label() + " consumer matches '" + consumer + "' (consumers: "
                    + (known.isEmpty() ? "none" : known) + ")");
        }
        for (Swaps.Consumer c : consumers) swaps.pin(c, filter, provider);
        return awaitRebind(p, consumers, filter);
    }

    /** Waits (bounded) until every consumer is bound to a matching provider; one line per consumer. */
    private String awaitRebind(SwapPoint p, List<Swaps.Consumer> pinned, String filter) {
        long deadline = System.nanoTime() + REBIND_DEADLINE.toNanos();
        Set<String> names = pinned.stream().map(Swaps.Consumer::name).collect(Collectors.toSet());
        while (true) {
            Set<Long> ok = swaps.providers(p, filter).stream().map(Swaps.Provider::id).collect(Collectors.toSet());
            List<Swaps.Consumer> now = swaps.consumers(p).stream().filter(c -> names.contains(c.name())).toList();
            List<Swaps.Consumer> waiting = now.stream()
                    .filter(c -> c.bound().isEmpty() || !ok.containsAll(c.bound())).toList();
            // a delayed component that nobody uses yet binds nothing until it is activated
            boolean inactive = now.stream().allMatch(c -> !c.component().immediate && c.configurations().stream()
                    .allMatch(x -> x.state == ComponentConfigurationDTO.SATISFIED));
            if (waiting.isEmpty() || inactive) {
                StringBuilder b = new StringBuilder();
                for (Swaps.Consumer c : now) {
                    List<Swaps.Provider> bound = swaps.providers(p, null).stream()
                            .filter(x -> c.bound().contains(x.id())).toList();
                    b.append(c.name()).append(" -> ").append(bound.isEmpty() ? "(not active yet; will bind " + filter + ")"
                            : bound.stream().map(x -> x.name() + " [service " + x.id() + "]")
                            .collect(Collectors.joining(", "))).append('\n');
                }
                return b.toString();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not rebound within " + REBIND_DEADLINE.toSeconds() + " s: "
                        + waiting.stream().map(Swaps.Consumer::name).collect(Collectors.joining(", ")));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Descriptor("version, uptime, bundles, and components that are not running with the reason")
    public String status() {
        StringBuilder b = new StringBuilder();
        Bundle[] bundles = context.getBundles();
        long active = Arrays.stream(bundles).filter(PeerlineCommands::running).count();
        Duration up = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        b.append("Peerline ").append(context.getBundle().getVersion())
                .append("  uptime ").append(String.format("%d:%02d:%02d", up.toHours(), up.toMinutesPart(), up.toSecondsPart()))
                .append("  Java ").append(System.getProperty("java.version"))
                .append("  ").append(context.getBundle(0).getSymbolicName()).append(' ')
                .append(context.getBundle(0).getVersion()).append('\n');
        b.append("bundles: ").append(active).append(" active / ").append(bundles.length).append(" total\n");
        for (Bundle bundle : bundles) {
            if (!running(bundle)) {
                b.append("  ").append(bundle.getSymbolicName()).append(" [").append(bundle.getBundleId())
                        .append("] is ").append(state(bundle.getState())).append('\n');
            }
        }
        List<String> problems = new ArrayList<>();
        int activeComponents = 0;
        int components = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            components++;
            if (!scr.isComponentEnabled(d)) {
                problems.add(d.name + ": disabled");
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED) {
                    activeComponents++;
                    break;
                }
                problems.add(d.name + ": " + reason(c));
            }
            if (scr.getComponentConfigurationDTOs(d).isEmpty() && "require".equals(d.configurationPolicy)) {
                components--; // waits for a configuration by design (factory configurations)
            }
        }
        b.append("components: ").append(activeComponents).append(" satisfied / ").append(components).append('\n');
        if (problems.isEmpty()) b.append("unsatisfied: none\n");
        else problems.forEach(p -> b.append("unsatisfied: ").append(p).append('\n'));
        return b.toString();
    }

    static String reason(ComponentConfigurationDTO c) {
        return switch (c.state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "waiting for its configuration";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> Arrays.stream(c.unsatisfiedReferences)
                    .map(PeerlineCommands::describe).collect(Collectors.joining("; "));
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "activation failed: " + firstLine(c.failure);
            default -> "state " + c.state;
        };
    }

    private static String describe(UnsatisfiedReferenceDTO u) {
        return "no service for reference '" + u.name + "'" + (u.target == null ? "" : " with target " + u.target);
    }

    /** The root cause of a stack trace as text: its last "Caused by:" line, else its first line. */
    static String firstLine(String s) {
        if (s == null) return "(no reason given)";
        String[] lines = s.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("Caused by: ")) return lines[i].substring("Caused by: ".length()).trim();
        }
        return lines[0].trim();
    }

    private static boolean running(Bundle b) {
        return b.getState() == Bundle.ACTIVE || b.getHeaders("").get(Constants.FRAGMENT_HOST) != null
                && b.getState() == Bundle.RESOLVED;
    }

    private static String state(int s) {
        return switch (s) {
            case Bundle.INSTALLED -> "installed (not resolved: a requirement is missing)";
            case Bundle.RESOLVED -> "resolved (not started)";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "in state " + s;
        };
    }

    /** A provider bundle was uninstalled: consumers pinned to providers that no longer exist fall back. */
    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED) reaper.execute(this::releaseOrphanedPins);
    }

    void releaseOrphanedPins() {
        for (SwapPoint p : SwapPoint.values()) {
            for (Swaps.Consumer c : swaps.consumers(p)) {
                String pinned = swaps.pinnedTo(c);
                String target = Swaps.target(c);
                if (pinned == null || target == null || !swaps.providers(p, target).isEmpty()) continue;
                try {
                    swaps.pin(c, null, null);
                    LOG.warn("{} provider '{}' was uninstalled; {} falls back to the default", p.label(), pinned,
                            c.name());
                } catch (Exception e) {
                    LOG.warn("could not release {} from {} provider '{}': {}", c.name(), p.label(), pinned,
                            e.toString());
                }
            }
        }
    }
}
