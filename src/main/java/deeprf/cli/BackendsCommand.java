package deeprf.cli;

import deeprf.backend.BackendProbe;
import deeprf.backend.Backends;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Lists every backend with "available" or the reasons it is not. */
@Command(name = "backends", description = "List every backend: available, or why not.")
final class BackendsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (BackendProbe p : Backends.probeAll()) {
            if (p.available()) {
                System.out.printf("%-6s available      %s%n", p.name(), p.description());
            } else {
                System.out.printf("%-6s unavailable    %s%n", p.name(), p.reasons().get(0));
                for (String r : p.reasons().subList(1, p.reasons().size())) System.out.printf("%-6s                %s%n", "", r);
            }
        }
        return 0;
    }
}
