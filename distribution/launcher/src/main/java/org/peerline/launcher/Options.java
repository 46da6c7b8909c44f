package org.peerline.launcher;

import java.nio.file.Path;
import java.util.List;

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
 */
record Options(boolean attach, String target, Path home, Path etc, Path data, String admin, String exec,
               boolean shell, boolean help, boolean version) {

    static final String USAGE = """
            usage: peerline [--etc DIR] [--data DIR] [--admin HOST:PORT|off] [--no-shell | --exec "cmd; cmd"]
                   peerline attach [[HOST:]PORT] [--data DIR] [--exec "cmd; cmd"]
                   peerline sim --overlay bamboo|chord|kademlia --nodes N --lookups M [...]
                   peerline --help | --version""";

    static final String HELP = USAGE + """


            Starts a Peerline node (Apache Felix with the Peerline bundles) with the Gogo shell on this console.
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
                default -> {
                    if (a.startsWith("-")) throw new UsageException("unknown option '" + a + "'");
                    if (!attach || target != null) throw new UsageException("unexpected argument '" + a + "'");
                    target = a;
                }
            }
        }
        if (exec != null && !shell) throw new UsageException("--exec and --no-shell do not go together");
        if (data == null) data = home.resolve("data");
        if (etc == null) etc = home.resolve("etc");
        return new Options(attach, target, home, etc, data, admin, exec, shell && exec == null, help, version);
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
