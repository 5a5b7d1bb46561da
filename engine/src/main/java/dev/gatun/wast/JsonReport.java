package dev.gatun.wast;

import java.util.Map;

/**
 * Writes a {@link RunReport} as JSON, by hand (the engine has no JSON library):
 * <pre>{"total":{"passed":N,"failed":N,"skipped":N},
 *  "byKind":{"assert_return":{"passed":N,"failed":N,"skipped":N},...},
 *  "files":[{"file":"core/i32.wast","passed":N,"failed":N,"skipped":N,"failures":["line 12: ..."]}]}</pre>
 * (on one line). Non-ASCII characters are written as {@code \\uXXXX} escapes so that the output is valid
 * JSON in any encoding, even for messages quoting odd bytes.
 */
final class JsonReport {
    private JsonReport() {}

    static String write(RunReport report) {
        StringBuilder json = new StringBuilder(256 + 128 * report.files().size());
        json.append("{\"total\":");
        counts(json, report.total());
        json.append(",\"byKind\":{");
        boolean first = true;
        for (Map.Entry<String, Counts> entry : report.byKind().entrySet()) {
            if (!first) json.append(',');
            first = false;
            string(json, entry.getKey());
            json.append(':');
            counts(json, entry.getValue());
        }
        json.append("},\"files\":[");
        first = true;
        for (FileReport file : report.files()) {
            if (!first) json.append(',');
            first = false;
            Counts counts = file.counts();
            json.append("{\"file\":");
            string(json, file.file());
            json.append(",\"passed\":").append(counts.passed())
                .append(",\"failed\":").append(counts.failed())
                .append(",\"skipped\":").append(counts.skipped())
                .append(",\"failures\":[");
            boolean firstFailure = true;
            for (Failure failure : file.failures()) {
                if (!firstFailure) json.append(',');
                firstFailure = false;
                string(json, failure.toString());
            }
            json.append("]}");
        }
        return json.append("]}").toString();
    }

    private static void counts(StringBuilder json, Counts counts) {
        json.append("{\"passed\":").append(counts.passed())
            .append(",\"failed\":").append(counts.failed())
            .append(",\"skipped\":").append(counts.skipped())
            .append('}');
    }

    static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
