package deeprf.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Turns Jackson's TOML syntax errors into one line that says where (line, column) and, for a duplicate key, which key. */
final class TomlSyntax {
    private TomlSyntax() {}

    /** The UTF-8 byte-order mark some editors write first; TOML's lexer calls it an unknown token. */
    static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** "SOURCE, line L, column C: not valid TOML: WHAT" for a parse error in {@code text}. */
    static String describe(String source, String text, JacksonException e) {
        String what = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().replace('\n', ' ');
        // Not getMessage(): with INCLUDE_SOURCE_IN_LOCATION disabled it appends a second line with "REDACTED".
        JsonLocation loc = e.getLocation();
        if (loc == null || loc.getLineNr() < 1) return source + ": not valid TOML: " + what;
        if (what.equals("Duplicate key") && loc.getCharOffset() >= 0) {
            // Jackson raises this once the duplicate's value is read (often at the next line) and does not name the key.
            Key k = lastKeyBefore(text, (int) Math.min(loc.getCharOffset(), text.length()));
            if (k != null)
                return source + ", line " + k.line + ", column " + k.column + ": not valid TOML: duplicate key '" + k.name + "'"
                        + (k.table.isEmpty() ? "" : " in [" + k.table + "]") + " (a key may be set only once in a table)";
        }
        String shown = lineText(text, loc.getLineNr());
        return source + ", line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": not valid TOML: " + what
                + (shown.isEmpty() ? "" : " in \"" + shown + "\"");
    }

    /** The text of 1-based line {@code n}, trimmed and cut to 80 characters; "" past the end. */
    private static String lineText(String text, int n) {
        String[] lines = text.split("\n", -1);
        if (n > lines.length) return "";
        String s = lines[n - 1].strip();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private record Key(String name, String table, int line, int column, int depth) {}

    /**
     * The last key assigned before {@code end} at the nesting depth found there (so {@code x = {a = 1, a = 2}} gives
     * the inner {@code a}, and {@code d = {a = 1}} after an earlier {@code d} gives {@code d}): a small scan that knows
     * TOML's strings, comments, table headers, arrays and inline tables, which is all a key's position depends on.
     * Null when none is found.
     */
    private static Key lastKeyBefore(String text, int end) {
        Deque<Character> open = new ArrayDeque<>();   // '[' or '{' of the values being read
        boolean keyHere = true;                      // a key may start here: a line start outside values, or after { or , in {}
        String table = "";
        List<Key> keys = new ArrayList<>();
        int line = 1, lineStart = 0, i = 0;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                if (open.isEmpty()) keyHere = true;
                i++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '#') {
                while (i < end && text.charAt(i) != '\n') i++;
            } else if (keyHere && open.isEmpty() && c == '[') {   // [table] or [[array.of.tables]]
                int close = text.indexOf('\n', i);
                String header = text.substring(i, close < 0 ? text.length() : close);
                int hash = header.indexOf('#');
                if (hash >= 0) header = header.substring(0, hash);
                table = header.strip().replaceAll("^\\[+|\\]+$", "").strip();
                i += (close < 0 ? text.length() : close) - i;
            } else if (keyHere) {
                int start = i;
                int eq = keyEnd(text, i, end);
                keyHere = false;
                if (eq < 0) {
                    i++;
                    continue;
                }
                keys.add(new Key(text.substring(start, eq).strip(), table, line, start - lineStart + 1, open.size()));
                i = eq + 1;
            } else if (c == '"' || c == '\'') {
                int[] after = skipString(text, i, end);
                line += after[1];
                if (after[1] > 0) lineStart = after[2];
                i = after[0];
            } else if (c == '[' || c == '{') {
                open.push(c);
                keyHere = c == '{';
                i++;
            } else if (c == ']' || c == '}') {
                if (!open.isEmpty()) open.pop();
                i++;
            } else if (c == ',') {
                keyHere = !open.isEmpty() && open.peek() == '{';
                i++;
            } else {
                i++;
            }
        }
        for (int k = keys.size() - 1; k >= 0; k--)
            if (keys.get(k).depth == open.size()) return keys.get(k);
        return null;
    }

    /** Index of the '=' ending a key (bare, quoted or dotted) that starts at {@code i}, or -1 when none does. */
    private static int keyEnd(String text, int i, int end) {
        while (i < end) {
            char c = text.charAt(i);
            if (c == '=') return i;
            if (c == '"' || c == '\'') {
                int close = text.indexOf(c, i + 1);
                if (close < 0 || close >= end) return -1;
                i = close + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ' ' || c == '\t') {
                i++;
            } else {
                return -1;
            }
        }
        return -1;
    }

    /** Skips the string starting at {@code i}; returns {index after it, newlines inside, index after its last newline}. */
    private static int[] skipString(String text, int i, int end) {
        char q = text.charAt(i);
        boolean triple = text.startsWith(String.valueOf(q).repeat(3), i);
        int j = i + (triple ? 3 : 1), newlines = 0, lastLineStart = -1;
        while (j < end) {
            char c = text.charAt(j);
            if (c == '\\' && q == '"') {
                j += 2;
                continue;
            }
            if (c == '\n') {
                if (!triple) break;   // an unterminated one-line string: Jackson reports that itself
                newlines++;
                lastLineStart = j + 1;
            }
            if (triple ? text.startsWith(String.valueOf(q).repeat(3), j) : c == q) {
                j += triple ? 3 : 1;
                break;
            }
            j++;
        }
        return new int[] {Math.min(j, end), newlines, lastLineStart};
    }
}
