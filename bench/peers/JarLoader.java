import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One class loader per build of deeprf, for the peers that run two builds in one process (JarAB, ActivationJarAB):
 * the build's jar first, then the dependencies in target/lib (run from the repository root), parented by the platform
 * loader so that no class of either build leaks into the other. A separate source file: JDK 25 launches multi-file
 * source programs (JEP 458), as for PeerStats.
 */
final class JarLoader {
    private JarLoader() {}

    static ClassLoader of(String jar) throws IOException {
        List<URL> urls = new ArrayList<>(List.of(Path.of(jar).toUri().toURL()));
        try (Stream<Path> s = Files.list(Path.of("target/lib"))) { for (Path p : s.toList()) urls.add(p.toUri().toURL()); }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
