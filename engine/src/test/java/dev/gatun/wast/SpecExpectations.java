package dev.gatun.wast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spec-suite failures we know about: lines {@code core/file.wast:LINE  # reason} (line 0 = the whole file),
 * blank lines and {@code #} comment lines ignored. Every entry needs a reason.
 */
record SpecExpectations(Map<String, String> reasonByKey) {

    static SpecExpectations load(String resource) {
        InputStream in = SpecExpectations.class.getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException("missing test resource " + resource);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parse(reader.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SpecExpectations parse(java.util.List<String> lines) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int hash = line.indexOf('#');
            if (hash < 0) throw new IllegalArgumentException("line " + (i + 1) + ": entry without a # reason: " + line);
            String key = line.substring(0, hash).strip();
            if (!key.matches("[^\\s:]+\\.wast:\\d+")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected file.wast:LINE, got: " + key);
            }
            if (reasons.put(key, line.substring(hash + 1).strip()) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": duplicate entry " + key);
            }
        }
        return new SpecExpectations(Collections.unmodifiableMap(reasons));
    }

    static String key(FileReport file, Failure failure) {
        return file.file() + ":" + failure.line();
    }
}
