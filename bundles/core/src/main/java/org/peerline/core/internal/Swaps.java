package org.peerline.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.peerline.core.SwapPoint;

/**
 * What the framework knows about the swap points: providers from the service registry, consumers from Declarative
 * Services (components with a reference to a swap-point interface), and the configuration that pins a consumer to
 * a provider ({@code <reference>.target}, set through ConfigurationAdmin so that it persists).
 */
final class Swaps {
    /** Marks a target that {@code peerline:use} set; its value is the provider name the user gave. */
    static final String PIN = "peerline.use.";

    record Provider(SwapPoint point, ServiceReference<?> ref, String name) {
        long id() {
            return (Long) ref.getProperty(Constants.SERVICE_ID);
        }

        int ranking() {
            return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        }
    }

    /** One reference of one component to a swap point, with the services it is bound to now. */
    record Consumer(SwapPoint point, ComponentDescriptionDTO component, ReferenceDTO reference,
                    List<ComponentConfigurationDTO> configurations) {
        String name() {
            return component.name + "." + reference.name;
        }

        Set<Long> bound() {
            return configurations.stream().flatMap(c -> Arrays.stream(c.satisfiedReferences))
                    .filter(s -> s.name.equals(reference.name)).flatMap(s -> Arrays.stream(s.boundServices))
                    .map(s -> s.id).collect(Collectors.toSet());
        }

        boolean matches(String query) {
            String n = name();
            return n.equals(query) || component.name.equals(query) || n.endsWith("." + query)
                    || component.name.endsWith("." + query);
        }
    }

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final ConfigurationAdmin configAdmin;

    Swaps(BundleContext context, ServiceComponentRuntime scr, ConfigurationAdmin configAdmin) {
        this.context = context;
        this.scr = scr;
        this.configAdmin = configAdmin;
    }

    List<Provider> providers(SwapPoint point, String filter) {
        List<Provider> out = new ArrayList<>();
        for (String iface : point.interfaces()) {
            try {
                ServiceReference<?>[] refs = context.getAllServiceReferences(iface, filter);
                if (refs == null) continue;
                for (ServiceReference<?> r : refs) {
                    if (out.stream().noneMatch(p -> p.ref().equals(r))) out.add(new Provider(point, r, name(point, r)));
                }
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException("bad filter " + filter + ": " + e.getMessage());
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()) != 0 ? a.name().compareTo(b.name())
                : Long.compare(a.id(), b.id()));
        return out;
    }

    static String name(SwapPoint point, ServiceReference<?> ref) {
        Map<String, Object> props = new HashMap<>();
        for (String k : point.keys()) props.put(k, ref.getProperty(k));
        return point.providerName(props);
    }

    List<Consumer> consumers(SwapPoint point) {
        List<Consumer> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (ReferenceDTO r : d.references) {
                if (point.interfaces().contains(r.interfaceName)) {
                    out.add(new Consumer(point, d, r, List.copyOf(scr.getComponentConfigurationDTOs(d))));
                }
            }
        }
        return out;
    }

    /** Sets (or with a null filter, clears) the consumer's target in every configuration it has; returns them. */
    List<String> pin(Consumer c, String filter, String providerName) throws Exception {
        String pid = c.component().configurationPid[0];
        List<Configuration> configs = new ArrayList<>();
        Configuration[] existing = configAdmin.listConfigurations(
                "(|(" + Constants.SERVICE_PID + "=" + pid + ")(service.factoryPid=" + pid + "))");
        if (existing != null) configs.addAll(Arrays.asList(existing));
        if (configs.isEmpty()) {
            if ("require".equals(c.component().configurationPolicy)) {
                throw new IllegalStateException(c.component().name + " has no configuration yet; configure " + pid
                        + " first");
            }
            configs.add(configAdmin.getConfiguration(pid, "?"));
        }
        List<String> pids = new ArrayList<>();
        for (Configuration cfg : configs) {
            Dictionary<String, Object> props = cfg.getProperties();
            if (props == null) props = new Hashtable<>();
            String key = c.reference().name + ".target";
            if (filter == null) {
                props.remove(key);
                props.remove(PIN + c.reference().name);
            } else {
                props.put(key, filter);
                props.put(PIN + c.reference().name, providerName);
            }
            cfg.update(props);
            pids.add(cfg.getPid());
        }
        return pids;
    }

    /** The provider name a consumer was pinned to with peerline:use, or null. */
    String pinnedTo(Consumer c) {
        for (ComponentConfigurationDTO cfg : c.configurations()) {
            Object v = cfg.properties.get(PIN + c.reference().name);
            if (v != null) return v.toString();
        }
        return null;
    }

    /** The target a consumer's reference has now (from its configuration or its description). */
    static String target(Consumer c) {
        for (ComponentConfigurationDTO cfg : c.configurations()) {
            for (SatisfiedReferenceDTO s : cfg.satisfiedReferences) if (s.name.equals(c.reference().name)) return s.target;
            for (var u : cfg.unsatisfiedReferences) if (u.name.equals(c.reference().name)) return u.target;
        }
        return c.reference().target;
    }
}
