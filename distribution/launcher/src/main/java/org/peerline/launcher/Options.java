package org.peerline.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code peerline [options]} starts a node; {@code peerline attach [HOST:]PORT [options]} opens
 * the admin shell of a running one. Parsing never exits: a bad line throws {@link UsageException}.
 *
 * @param attach whether this is {@code peerline attach}
 * @param target for attach: the node's admin address, or null to read it from the data folder
 * @param home the runtime folder (bin, etc, bundles, lib)
 * @param etc the folder of {@code .cfg} files watched by FileInstall
 * @param data the node's state: identity, secrets, framework cache, log
 * @param admin where the admin shell listens ({@code off} disables it)
 * @param exec commands to run (then stop), or null
 * @param shell whether to run the Gogo console on this terminal
 * @param help whether to print the usage
 * @param version whether to print the version
 * @param node the P2P-SIP node's options as framework properties {@code peerline.node.*} (core's NodeProfile)
 */
record Options(boolean attach, String target, Path home, Path etc, Path data, String admin, String exec,
               boolean shell, boolean help, boolean version, Map<String, String> node) {
    static final List<String> ALGORITHMS = List.of("bamboo", "chord", "kademlia");

    static final String USAGE = """
            usage: peerline [--bootstrap | --join HOST:PORT[,...]] [--sip [udp|tcp|tls:]HOST:PORT]... [--p2p HOST:PORT]
                            [--overlay bamboo|chord|kademlia] [--domain NAME] [--users FILE]
                            [--etc DIR] [--data DIR] [--admin HOST:PORT|off] [--no-shell | --exec "cmd; cmd"]
                   peerline attach [[HOST:]PORT] [--data DIR] [--exec "cmd; cmd"]
                   peerline sim --overlay bamboo|chord|kademlia --nodes N --lookups M [...]
                   peerline --help | --version""";

    static final String HELP = USAGE + """


            Starts a Peerline P2P-SIP node (Apache Felix with the Peerline bundles) with the Gogo shell on this
            console: softphones register with it and call each other through the overlay, with no central server.
              --bootstrap        be the first node of a new overlay
              --join HOST:PORT   join the overlay through these nodes (commas separate several); with neither
                                 option the node looks for peers by multicast on the LAN, else starts alone
              --sip ADDR         where phones reach the node: [udp|tcp|tls:]HOST:PORT, repeatable
                                 (default udp:0.0.0.0:5062 and tcp:0.0.0.0:5062)
              --p2p HOST:PORT    the overlay's address (default 0.0.0.0:5064)
              --overlay NAME     the DHT algorithm: bamboo (default), chord or kademlia; 'peerline:use overlay
                                 NAME' swaps it live
              --domain NAME      the AOR domain served (default: any)
              --users FILE       the users this node authenticates: Java properties 'user = password'
              --etc DIR          configuration folder watched for *.cfg files (default: HOME/etc)
              --data DIR         node state: identity, admin secret, framework cache, log (default: HOME/data);
                                 every node on one machine needs its own
              --admin HOST:PORT  admin shell socket for 'peerline attach' (default 127.0.0.1:0, a free port,
                                 written to DATA/admin.address); 'off' disables it
              --no-shell         no console: run until SIGTERM or SIGINT, then stop cleanly
              --exec "CMDS"      start, run the Gogo commands, print their output, stop; exit 1 if one failed
              --version          print the version
            attach: opens the admin shell of a running node (the secret is read from DATA/admin.secret);
              with no address it reads DATA/admin.address.
            sim: runs the overlay code in a simulated network under virtual time (peerline sim --help for its options).
            The log is DATA/log/peerline.log; warnings and errors also go to the console.""";

    /** A bad command line; the message is one line naming the problem. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(List<String> args, Path defaultHome) throws UsageException {
        boolean attach = !args.isEmpty() && args.get(0).equals("attach");
        String target = null;
        Path home = defaultHome;
        Path etc = null;
        Path data = null;
        String admin = "127.0.0.1:0";
        String exec = null;
        boolean shell = true;
        boolean help = false;
        boolean version = false;
        Map<String, String> node = new LinkedHashMap<>();
        List<String> sip = new ArrayList<>();
        for (int i = attach ? 1 : 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                case "--home" -> home = Path.of(value(args, ++i, a));
                case "--data" -> data = Path.of(value(args, ++i, a));
                case "--exec" -> exec = value(args, ++i, a);
                case "--etc" -> etc = nodeOnly(attach, a, Path.of(value(args, ++i, a)));
                case "--admin" -> admin = nodeOnly(attach, a, value(args, ++i, a));
                case "--no-shell" -> shell = nodeOnly(attach, a, false);
                case "--bootstrap" -> node.put("bootstrap", nodeOnly(attach, a, "true"));
                case "--join" -> node.put("join", addresses(a, nodeOnly(attach, a, value(args, ++i, a))));
                case "--sip" -> sip.add(sipAddress(nodeOnly(attach, a, value(args, ++i, a))));
                case "--p2p" -> node.put("p2p", address(a, nodeOnly(attach, a, value(args, ++i, a))));
                case "--overlay" -> node.put("overlay", algorithm(nodeOnly(attach, a, value(args, ++i, a))));
                case "--domain" -> node.put("domain", nodeOnly(attach, a, value(args, ++i, a)));
                case "--users" -> node.put("users", users(nodeOnly(attach, a, value(args, ++i, a))));
                default -> {
                    if (a.startsWith("-")) throw new UsageException("unknown option '" + a + "'");
                    if (!attach || target != null) throw new UsageException("unexpected argument '" + a + "'");
                    target = a;
                }
            }
        }
        if (exec != null && !shell) throw new UsageException("--exec and --no-shell do not go together");
        if (node.containsKey("bootstrap") && node.containsKey("join")) {
            throw new UsageException("--bootstrap (be the first node) and --join do not go together");
        }
        if (!sip.isEmpty()) node.put("sip", String.join(",", sip));
        if (data == null) data = home.resolve("data");
        if (etc == null) etc = home.resolve("etc");
        return new Options(attach, target, home, etc, data, admin, exec, shell && exec == null, help, version,
                Map.copyOf(node));
    }

    /** HOST:PORT with a numeric port (the host is resolved by the node). */
    static String address(String option, String value) throws UsageException {
        String v = value.strip();
        int colon = v.lastIndexOf(':');
        boolean ok = colon > 0 && colon < v.length() - 1;
        if (ok) {
            try {
                int port = Integer.parseInt(v.substring(colon + 1));
                ok = port >= 0 && port <= 65535;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) throw new UsageException(option + " needs HOST:PORT, not '" + value + "'");
        return v;
    }

    private static String addresses(String option, String value) throws UsageException {
        List<String> out = new ArrayList<>();
        for (String a : value.split(",")) if (!a.isBlank()) out.add(address(option, a));
        if (out.isEmpty()) throw new UsageException(option + " needs HOST:PORT[,HOST:PORT...]");
        return String.join(",", out);
    }

    private static String sipAddress(String value) throws UsageException {
        String v = value.strip();
        int colon = v.indexOf(':');
        String proto = colon > 0 ? v.substring(0, colon).toLowerCase(java.util.Locale.ROOT) : "";
        if (List.of("udp", "tcp", "tls").contains(proto)) return proto + ":" + address("--sip", v.substring(colon + 1));
        String a = address("--sip", v);
        return "udp:" + a + ",tcp:" + a;
    }

    private static String algorithm(String value) throws UsageException {
        if (!ALGORITHMS.contains(value)) {
            throw new UsageException("--overlay '" + value + "' is not one of " + String.join(", ", ALGORITHMS));
        }
        return value;
    }

    private static String users(String value) throws UsageException {
        Path p = Path.of(value).toAbsolutePath();
        if (!java.nio.file.Files.isReadable(p)) throw new UsageException("--users file '" + value + "' is not readable");
        return p.toString();
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) throw new UsageException(option + " needs a value");
        return args.get(i);
    }

    private static <T> T nodeOnly(boolean attach, String option, T value) throws UsageException {
        if (attach) throw new UsageException(option + " is not an attach option");
        return value;
    }
}
