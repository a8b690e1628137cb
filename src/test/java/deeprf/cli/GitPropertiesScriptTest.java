package deeprf.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * tools/git-properties.sh, which records the build's commit for summary.json's deeprf_version: the commit of the
 * repository the sources are in, dirty where the sources differ from it, nothing outside a repository of their own,
 * and the file left untouched when nothing changed (the launcher rebuilds when it is newer than the jar).
 */
class GitPropertiesScriptTest {
    private static final Path SCRIPT = Path.of("tools/git-properties.sh").toAbsolutePath();

    @BeforeAll
    static void needsGit() throws Exception {
        Assumptions.assumeTrue(run(Path.of("."), "git", "--version").startsWith("git version"), "no git command here");
    }

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException noSuchCommand) {
            return "";
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out.trim();
    }

    private static void git(Path repo, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        run(repo, cmd.toArray(String[]::new));
    }

    private static String props(Path root, Path out) throws Exception {
        run(root, "bash", SCRIPT.toString(), root.toString(), out.toString());
        return Files.exists(out) ? Files.readString(out) : null;
    }

    @Test
    void recordsTheCommitAndWhetherTheSourcesDifferFromIt(@TempDir Path dir) throws Exception {
        Path repo = dir.resolve("repo"), out = dir.resolve("classes/deeprf/git.properties");
        Files.createDirectories(repo.resolve("src/main"));
        assertNull(props(repo, out), "not a repository: no record");
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("src/main/A.java"), "class A {}\n");
        Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "one");
        String head = run(repo, "git", "rev-parse", "HEAD");
        assertEquals("git.commit.id=" + head + "\ngit.commit.id.abbrev=" + head.substring(0, 12) + "\ngit.dirty=false\n", props(repo, out));

        // unchanged: the file keeps its time (the launcher rebuilds when it is newer than the jar)
        Files.setLastModifiedTime(out, FileTime.fromMillis(1_000_000L));
        props(repo, out);
        assertEquals(1_000_000L, Files.getLastModifiedTime(out).toMillis());

        Files.createDirectories(repo.resolve("results"));
        Files.writeString(repo.resolve("results/run.csv"), "x\n");          // outputs beside the sources: not dirty
        assertTrue(props(repo, out).endsWith("git.dirty=false\n"));
        Files.writeString(repo.resolve("src/main/B.java"), "class B {}\n");  // an untracked source is compiled in
        assertTrue(props(repo, out).endsWith("git.dirty=true\n"));
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "two");
        String second = run(repo, "git", "rev-parse", "HEAD");
        assertTrue(props(repo, out).startsWith("git.commit.id=" + second + "\n"));
        Files.writeString(repo.resolve("src/main/A.java"), "class A { int x; }\n");   // a tracked change
        assertTrue(props(repo, out).endsWith("git.dirty=true\n"));
    }

    @Test
    void aWorktreeRecordsItsOwnCommitAndSourcesInsideAnotherRepositoryNone(@TempDir Path dir) throws Exception {
        Path repo = dir.resolve("repo"), out = dir.resolve("git.properties");
        Files.createDirectories(repo.resolve("src/main"));
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("src/main/A.java"), "class A {}\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "one");
        git(repo, "worktree", "add", "-q", "-b", "other", dir.resolve("wt").toString());
        Path wt = dir.resolve("wt");
        Files.writeString(wt.resolve("src/main/A.java"), "class A { int y; }\n");
        git(wt, "commit", "-q", "-am", "in the worktree");
        String wtHead = run(wt, "git", "rev-parse", "HEAD");
        assertNotEquals(run(repo, "git", "rev-parse", "HEAD"), wtHead);
        assertTrue(props(wt, out).startsWith("git.commit.id=" + wtHead + "\n"), "the worktree's HEAD, not the main checkout's");

        // a source folder unpacked inside another repository is not that repository's commit
        Path unpacked = repo.resolve("vendor/deeprf-src");
        Files.createDirectories(unpacked.resolve("src/main"));
        assertNull(props(unpacked, dir.resolve("none.properties")));
    }
}
