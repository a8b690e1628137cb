package deeprf.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deeprf.backend.Backend;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The summary.json every run kind writes opens with the same keys, named and ordered alike, so that one script reads
 * any folder: {@link #start} (kind … seeds), then {@link #counts} (draws … wall_seconds), then the kind's own keys,
 * then {@link #finish} (files, spec). A draw is one (point, seed) — for structured runs one (case, seed).
 */
public final class SummaryJson {
    private SummaryJson() {}

    /**
     * This deeprf's version: its jar manifest's ("dev" when run from classes), then the commit it was built from as
     * semver build metadata, "+git.&lt;12 hex&gt;", with ".dirty" where the tree had uncommitted changes (the build's
     * deeprf/git.properties; nothing added where the build had no .git): summary.json's deeprf_version.
     */
    public static String deeprfVersion() {
        String v = SummaryJson.class.getPackage().getImplementationVersion();
        return (v != null ? v : "dev") + commit();
    }

    private static String commit() {
        java.util.Properties git = new java.util.Properties();
        try (java.io.InputStream in = SummaryJson.class.getResourceAsStream("/deeprf/git.properties")) {
            if (in == null) return "";
            git.load(in);
        } catch (java.io.IOException e) {
            return "";
        }
        String id = git.getProperty("git.commit.id.abbrev", "");
        return id.isEmpty() ? "" : "+git." + id + ("true".equals(git.getProperty("git.dirty")) ? ".dirty" : "");
    }

    /** kind, title, deeprf_version, java, backend, device, threads, seeds. */
    public static ObjectNode start(String kind, String title, Backend be, Collection<Long> seeds) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("kind", kind);
        s.put("title", title);
        s.put("deeprf_version", deeprfVersion());
        s.put("java", Runtime.version().toString());
        s.put("backend", be.name());
        s.put("device", be.description());
        s.put("threads", be.threads());
        ArrayNode a = s.putArray("seeds");
        seeds.forEach(a::add);
        return s;
    }

    /** draws, draws_run_now, draws_resumed, started_utc, finished_utc (now), wall_seconds. */
    public static void counts(ObjectNode s, int draws, int ranNow, int resumed, String startedUtc, double wallSeconds) {
        s.put("draws", draws);
        s.put("draws_run_now", ranNow);
        s.put("draws_resumed", resumed);
        s.put("started_utc", startedUtc);
        s.put("finished_utc", Instant.now().toString());
        s.put("wall_seconds", wallSeconds);
    }

    /** files (what the folder holds), then the spec itself. */
    public static void finish(ObjectNode s, List<String> files, com.fasterxml.jackson.databind.JsonNode spec) {
        ArrayNode a = s.putArray("files");
        files.forEach(a::add);
        s.set("spec", spec);
    }
}
