package dev.gatun.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.helm.RenderedChart.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The chart rendered with non-default values (src/test/resources/custom-values.yaml and --set values). */
class CustomValuesTest {
    private static final String CONTAINER = "spec.template.spec.containers[0]";
    /** The smallest valid module: magic number and version. */
    private static final byte[] EMPTY_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};

    private static RenderedChart chart;
    private static Manifest deployment;

    @BeforeAll
    static void render() {
        chart = Charts.render(command -> command.withValuesFile(Path.of("src/test/resources/custom-values.yaml")));
        deployment = chart.only("Deployment");
    }

    @Test
    void fixedReplicaCountWithoutAutoscaler() {
        assertThat(chart.has("HorizontalPodAutoscaler")).isFalse();
        assertThat(deployment.get("spec.replicas")).isEqualTo(3);
    }

    @Test
    void operatorsModulesConfigMapReplacesTheChartsOne() {
        assertThat(chart.kinds()).containsOnlyOnce("ConfigMap"); // application.yaml only
        assertThat(deployment.element("spec.template.spec.volumes", "modules"))
                .containsEntry("configMap", Map.of("name", "ops-modules"));
        assertThat(deployment.element(CONTAINER + ".volumeMounts", "modules"))
                .containsEntry("mountPath", "/opt/wasm").containsEntry("readOnly", true);
    }

    @Test
    void chartOwnedSettingsWinOverTheApplicationValues() {
        Manifest config = chart.named("ConfigMap", "functions-config");
        Manifest application = new Manifest(new Yaml().load((String) config.map("data").get("application.yaml")));
        assertThat(application.get("server.port")).isEqualTo(8080);
        assertThat(application.map("gatun"))
                .containsEntry("modules-dir", "/opt/wasm")
                .containsEntry("call-timeout", "2s");
        // Defaults of values.yaml not named in the custom file stay.
        assertThat(application.get("management.endpoint.health.group.readiness.include")).isEqualTo("readinessState,wasm");
    }

    @Test
    void percentagePodDisruptionBudget() {
        Manifest pdb = chart.only("PodDisruptionBudget");
        assertThat(pdb.get("spec.maxUnavailable")).isEqualTo("50%");
        assertThat(pdb.map("spec")).doesNotContainKey("minAvailable");
    }

    @Test
    void namesImageServiceAndPodSettingsFollowTheValues() {
        assertThat(deployment.get("metadata.name")).isEqualTo("functions");
        assertThat(deployment.get(CONTAINER + ".image")).isEqualTo("registry.example.com/gatun/gatun-examples:1.2.3");
        assertThat(deployment.get(CONTAINER + ".imagePullPolicy")).isEqualTo("Always");
        assertThat(deployment.list("spec.template.spec.imagePullSecrets")).containsExactly(Map.of("name", "regcred"));
        assertThat(deployment.get("spec.template.spec.priorityClassName")).isEqualTo("high");
        assertThat(deployment.map("spec.template.spec.nodeSelector")).containsEntry("kubernetes.io/arch", "amd64");
        assertThat(deployment.list("spec.template.spec.topologySpreadConstraints")).hasSize(1);
        assertThat(deployment.get(CONTAINER + ".resources.requests.memory")).isEqualTo("1Gi");
        assertThat(deployment.element("spec.template.spec.volumes", "tmp"))
                .containsEntry("emptyDir", Map.of("sizeLimit", "128Mi", "medium", "Memory"));

        Manifest service = chart.only("Service");
        assertThat(service.get("metadata.name")).isEqualTo("functions");
        assertThat(service.get("spec.type")).isEqualTo("NodePort");
        assertThat(service.get("spec.ports[0].port")).isEqualTo(8080);
        assertThat(service.map("metadata.annotations")).containsEntry("team", "wasm");
    }

    @Test
    void extraJvmOptionsAndEnvironmentAreAdded() {
        String options = (String) deployment.element(CONTAINER + ".env", "JDK_JAVA_OPTIONS").get("value");
        assertThat(options).startsWith("--enable-native-access=ALL-UNNAMED").endsWith("-Xlog:gc -XX:+UseZGC");
        assertThat(deployment.element(CONTAINER + ".env", "LOG_LEVEL")).containsEntry("value", "debug");
    }

    @Test
    void noServiceAccountIsCreatedWhenDisabled() {
        assertThat(chart.has("ServiceAccount")).isFalse();
        assertThat(deployment.get("spec.template.spec.serviceAccountName")).isEqualTo("default");
    }

    @Test
    void modulesVolumeTakesPrecedenceOverConfigMaps(@TempDir Path temp) throws IOException {
        Path values = Files.writeString(temp.resolve("volume.yaml"), """
                modules:
                  mountPath: /modules
                  existingConfigMap: ignored-when-a-volume-is-given
                  volume:
                    persistentVolumeClaim:
                      claimName: wasm-modules
                """);
        RenderedChart rendered = Charts.render(command -> command.withValuesFile(values));
        assertThat(rendered.kinds()).containsOnlyOnce("ConfigMap");
        Map<String, Object> volume = rendered.only("Deployment").element("spec.template.spec.volumes", "modules");
        assertThat(volume).isEqualTo(Map.of("name", "modules",
                "persistentVolumeClaim", Map.of("claimName", "wasm-modules")));
    }

    @Test
    void modulesFromValuesBecomeBinaryData() {
        String base64 = Base64.getEncoder().encodeToString(EMPTY_MODULE);
        RenderedChart rendered = Charts.render(command -> command.set("modules.binaryData.empty\\.wasm", base64));
        Manifest modules = rendered.named("ConfigMap", Charts.FULLNAME + "-modules");
        assertThat(modules.map("binaryData")).isEqualTo(Map.of("empty.wasm", base64));
    }

    @Test
    void wasmFilesInTheChartsModulesFolderBecomeBinaryData(@TempDir Path temp) throws IOException {
        Path chartCopy = copyChart(temp.resolve("gatun-example"));
        Files.write(chartCopy.resolve("modules/empty.wasm"), EMPTY_MODULE);
        Files.writeString(chartCopy.resolve("modules/notes.txt"), "not a module");

        RenderedChart rendered = Charts.render(chartCopy, command -> command);
        Manifest modules = rendered.named("ConfigMap", Charts.FULLNAME + "-modules");
        assertThat(modules.map("binaryData")).containsOnlyKeys("empty.wasm");
        assertThat(Base64.getDecoder().decode((String) modules.map("binaryData").get("empty.wasm")))
                .isEqualTo(EMPTY_MODULE);
    }

    @Test
    void changingApplicationValuesRollsThePods() {
        String before = checksum(Charts.renderDefaults());
        String after = checksum(Charts.render(command -> command.set("application.logging.level.root", "DEBUG")));
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void memoryMetricIsAddedWhenTargeted() {
        Manifest hpa = Charts.render(command -> command.set("autoscaling.targetMemoryUtilizationPercentage", 80))
                .only("HorizontalPodAutoscaler");
        List<Object> metrics = hpa.list("spec.metrics");
        assertThat(metrics).hasSize(2);
        assertThat(hpa.get("spec.metrics[1].resource.name")).isEqualTo("memory");
        assertThat(hpa.get("spec.metrics[1].resource.target.averageUtilization")).isEqualTo(80);
    }

    @Test
    void zeroPreStopDelayLeavesNoLifecycleHook() {
        Manifest rendered = Charts.render(command -> command.set("preStopDelaySeconds", 0)).only("Deployment");
        assertThat(rendered.map(CONTAINER)).doesNotContainKey("lifecycle");
    }

    @Test
    void digestPinsTheImage() {
        String digest = "sha256:" + "ab".repeat(32);
        Manifest rendered = Charts.render(command -> command.set("image.digest", digest)).only("Deployment");
        assertThat(rendered.get(CONTAINER + ".image")).isEqualTo("gatun-examples@" + digest);
    }

    @Test
    void releaseNamedLikeTheChartNamesResourcesAfterTheReleaseAlone() {
        String rendered = new com.marcnuri.helm.Helm(Charts.chartDirectory()).template()
                .withName("gatun-example").withKubeVersion(Charts.KUBE_VERSION).call();
        RenderedChart chartNamedRelease = RenderedChart.parse(rendered);
        assertThat(chartNamedRelease.only("Deployment").get("metadata.name")).isEqualTo("gatun-example");
        assertThat(chartNamedRelease.only("Service").get("metadata.name")).isEqualTo("gatun-example");
    }

    private static String checksum(RenderedChart rendered) {
        return (String) rendered.only("Deployment").map("spec.template.metadata.annotations").get("checksum/config");
    }

    private static Path copyChart(Path target) throws IOException {
        Path source = Charts.chartDirectory();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }
}
