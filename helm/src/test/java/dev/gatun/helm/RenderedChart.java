package dev.gatun.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The manifests of one `helm template` run, parsed, with look-ups by kind and by path inside a manifest. */
final class RenderedChart {
    private final List<Map<String, Object>> manifests;

    private RenderedChart(List<Map<String, Object>> manifests) {
        this.manifests = manifests;
    }

    @SuppressWarnings("unchecked")
    static RenderedChart parse(String renderedYaml) {
        var yaml = new Yaml(new LoaderOptions());
        var manifests = new ArrayList<Map<String, Object>>();
        for (Object document : yaml.loadAll(renderedYaml)) {
            if (document != null) { // a template that renders nothing leaves an empty document
                manifests.add((Map<String, Object>) document);
            }
        }
        return new RenderedChart(manifests);
    }

    List<String> kinds() {
        return manifests.stream().map(manifest -> (String) manifest.get("kind")).toList();
    }

    boolean has(String kind) {
        return kinds().contains(kind);
    }

    /** The only manifest of that kind; fails the test when there is none or more than one. */
    Manifest only(String kind) {
        var matching = manifests.stream().filter(manifest -> kind.equals(manifest.get("kind"))).toList();
        assertThat(matching).as("manifests of kind %s among %s", kind, kinds()).hasSize(1);
        return new Manifest(matching.getFirst());
    }

    /** The only manifest of that kind and name. */
    Manifest named(String kind, String name) {
        var matching = manifests.stream()
                .filter(manifest -> kind.equals(manifest.get("kind")))
                .filter(manifest -> name.equals(new Manifest(manifest).get("metadata.name")))
                .toList();
        assertThat(matching).as("%s named %s among %s", kind, name, kinds()).hasSize(1);
        return new Manifest(matching.getFirst());
    }

    /** One parsed manifest; paths are dot-separated keys, with [i] for list elements: "spec.ports[0].port". */
    record Manifest(Map<String, Object> content) {
        Object get(String path) {
            Object current = content;
            for (String step : path.split("\\.")) {
                current = step(current, step, path);
            }
            return current;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(String path) {
            return (Map<String, Object>) get(path);
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String path) {
            return (List<Object>) get(path);
        }

        String string(String path) {
            return (String) get(path);
        }

        private static Object step(Object current, String step, String wholePath) {
            int bracket = step.indexOf('[');
            String key = bracket < 0 ? step : step.substring(0, bracket);
            if (!(current instanceof Map<?, ?> map)) {
                throw new AssertionError("no map at '" + key + "' of path " + wholePath + ": " + current);
            }
            Object value = map.get(key);
            if (bracket >= 0) {
                int index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
                if (!(value instanceof List<?> list) || index >= list.size()) {
                    throw new AssertionError("no element " + index + " at '" + key + "' of path " + wholePath);
                }
                value = list.get(index);
            }
            return value;
        }

        /** The element of a list of maps whose "name" is the given one (containers, volumes, env...). */
        @SuppressWarnings("unchecked")
        Map<String, Object> element(String listPath, String name) {
            return list(listPath).stream()
                    .map(element -> (Map<String, Object>) element)
                    .filter(element -> name.equals(element.get("name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no element named " + name + " in " + listPath));
        }
    }
}
