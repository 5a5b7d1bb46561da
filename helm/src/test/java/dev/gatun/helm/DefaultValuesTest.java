package dev.gatun.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatun.helm.RenderedChart.Manifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The chart rendered with its own values.yaml. */
class DefaultValuesTest {
    private static final String CONTAINER = "spec.template.spec.containers[0]";
    private static RenderedChart chart;
    private static Manifest deployment;

    @BeforeAll
    static void render() {
        chart = Charts.renderDefaults();
        deployment = chart.only("Deployment");
    }

    @Test
    void rendersEveryResourceOfTheChart() {
        assertThat(chart.kinds()).containsExactlyInAnyOrder("PodDisruptionBudget", "ServiceAccount", "ConfigMap",
                "ConfigMap", "Service", "Deployment", "HorizontalPodAutoscaler");
    }

    @Test
    void everyResourceCarriesTheStandardLabels() {
        for (String kind : List.of("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                "ServiceAccount")) {
            assertThat(chart.only(kind).map("metadata.labels")).as(kind)
                    .containsEntry("app.kubernetes.io/name", "gatun-example")
                    .containsEntry("app.kubernetes.io/instance", Charts.RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("app.kubernetes.io/version", "0.1.0-SNAPSHOT")
                    .containsEntry("helm.sh/chart", "gatun-example-0.1.0");
        }
    }

    @Test
    void probesUseTheActuatorHealthGroupsOnTheHttpPort() {
        assertThat(deployment.get(CONTAINER + ".ports[0].containerPort")).isEqualTo(8080);
        assertThat(deployment.get(CONTAINER + ".ports[0].name")).isEqualTo("http");
        assertThat(deployment.get(CONTAINER + ".livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(deployment.get(CONTAINER + ".livenessProbe.httpGet.port")).isEqualTo("http");
        assertThat(deployment.get(CONTAINER + ".readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat(deployment.get(CONTAINER + ".readinessProbe.httpGet.port")).isEqualTo("http");
        // The startup probe holds liveness back while the JVM starts: 30 x 5 s.
        assertThat(deployment.get(CONTAINER + ".startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(deployment.get(CONTAINER + ".startupProbe.failureThreshold")).isEqualTo(30);
        assertThat(deployment.get(CONTAINER + ".startupProbe.periodSeconds")).isEqualTo(5);
    }

    @Test
    void podRunsAsNonRootWithRuntimeDefaultSeccomp() {
        Map<String, Object> pod = deployment.map("spec.template.spec.securityContext");
        assertThat(pod).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
        assertThat(deployment.get("spec.template.spec.securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        assertThat(deployment.get("spec.template.spec.automountServiceAccountToken")).isEqualTo(false);
    }

    @Test
    void containerHasAReadOnlyRootWithoutCapabilitiesOrEscalation() {
        Map<String, Object> container = deployment.map(CONTAINER + ".securityContext");
        assertThat(container)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("privileged", false)
                .containsEntry("runAsNonRoot", true);
        assertThat(deployment.list(CONTAINER + ".securityContext.capabilities.drop")).containsExactly("ALL");
        assertThat(deployment.get(CONTAINER + ".securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
    }

    @Test
    void tmpIsAWritableSizeLimitedEmptyDir() {
        assertThat(deployment.element(CONTAINER + ".volumeMounts", "tmp"))
                .containsEntry("mountPath", "/tmp")
                .doesNotContainKey("readOnly");
        assertThat(deployment.element("spec.template.spec.volumes", "tmp"))
                .containsEntry("emptyDir", Map.of("sizeLimit", "64Mi"));
    }

    @Test
    void jvmOptionsEnableNativeAccess() {
        String options = (String) deployment.element(CONTAINER + ".env", "JDK_JAVA_OPTIONS").get("value");
        assertThat(options.split(" ")).contains("--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=/tmp");
    }

    @Test
    void resourcesHaveRequestsAndLimits() {
        assertThat(deployment.get(CONTAINER + ".resources.requests.cpu")).isEqualTo("250m");
        assertThat(deployment.get(CONTAINER + ".resources.requests.memory")).isEqualTo("512Mi");
        assertThat(deployment.get(CONTAINER + ".resources.limits.memory")).isEqualTo("512Mi");
    }

    @Test
    void applicationYamlComesFromAConfigMapMountedAtConfig() {
        Manifest config = chart.named("ConfigMap", Charts.FULLNAME + "-config");
        Map<String, Object> application = new Yaml().load((String) config.map("data").get("application.yaml"));
        Manifest app = new Manifest(application);
        assertThat(app.get("server.port")).isEqualTo(8080);
        assertThat(app.get("management.server.port")).as("actuator on the service port").isEqualTo(8080);
        assertThat(app.get("management.endpoint.health.probes.enabled")).isEqualTo(true);
        assertThat(app.get("management.endpoint.health.group.liveness.include")).isEqualTo("livenessState");
        assertThat(app.get("management.endpoint.health.group.readiness.include")).isEqualTo("readinessState,wasm");
        assertThat(app.get("management.endpoints.web.exposure.include")).isEqualTo("health,info,metrics,wasm");
        assertThat(app.map("gatun")).containsEntry("modules-dir", "/modules");
        assertThat(app.get("server.shutdown")).isEqualTo("graceful");

        assertThat(deployment.element(CONTAINER + ".volumeMounts", "config"))
                .containsEntry("mountPath", "/config").containsEntry("readOnly", true);
        assertThat(deployment.element("spec.template.spec.volumes", "config"))
                .containsEntry("configMap", Map.of("name", Charts.FULLNAME + "-config"));
        assertThat(deployment.element(CONTAINER + ".env", "SPRING_CONFIG_ADDITIONAL_LOCATION"))
                .containsEntry("value", "optional:file:/config/");
    }

    @Test
    void modulesComeFromTheChartsModulesConfigMapMountedReadOnly() {
        Manifest modules = chart.named("ConfigMap", Charts.FULLNAME + "-modules");
        assertThat(modules.content()).doesNotContainKey("binaryData"); // the chart ships no module of its own
        assertThat(deployment.element(CONTAINER + ".volumeMounts", "modules"))
                .containsEntry("mountPath", "/modules").containsEntry("readOnly", true);
        assertThat(deployment.element("spec.template.spec.volumes", "modules"))
                .containsEntry("configMap", Map.of("name", Charts.FULLNAME + "-modules"));
    }

    @Test
    void horizontalPodAutoscalerOwnsTheReplicaCount() {
        Manifest hpa = chart.only("HorizontalPodAutoscaler");
        assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
        assertThat(hpa.map("spec.scaleTargetRef"))
                .containsEntry("apiVersion", "apps/v1")
                .containsEntry("kind", "Deployment")
                .containsEntry("name", deployment.get("metadata.name"));
        assertThat(hpa.get("spec.minReplicas")).isEqualTo(2);
        assertThat(hpa.get("spec.maxReplicas")).isEqualTo(6);
        assertThat(hpa.list("spec.metrics")).hasSize(1);
        assertThat(hpa.get("spec.metrics[0].resource.name")).isEqualTo("cpu");
        assertThat(hpa.get("spec.metrics[0].resource.target.averageUtilization")).isEqualTo(70);
        assertThat(deployment.map("spec")).as("replicas left to the HPA").doesNotContainKey("replicas");
    }

    @Test
    void podDisruptionBudgetKeepsOnePodAndSelectsThePods() {
        Manifest pdb = chart.only("PodDisruptionBudget");
        assertThat(pdb.get("apiVersion")).isEqualTo("policy/v1");
        assertThat(pdb.get("spec.minAvailable")).isEqualTo(1);
        assertThat(pdb.map("spec")).doesNotContainKey("maxUnavailable");
        assertThat(pdb.map("spec.selector.matchLabels")).isEqualTo(deployment.map("spec.selector.matchLabels"));
    }

    @Test
    void selectorsMatchThePodLabels() {
        Map<String, Object> podLabels = deployment.map("spec.template.metadata.labels");
        assertThat(podLabels).containsAllEntriesOf(deployment.map("spec.selector.matchLabels"));
        Manifest service = chart.only("Service");
        assertThat(podLabels).containsAllEntriesOf(service.map("spec.selector"));
        assertThat(service.get("spec.ports[0].port")).isEqualTo(80);
        assertThat(service.get("spec.ports[0].targetPort")).isEqualTo("http");
        assertThat(service.get("spec.type")).isEqualTo("ClusterIP");
    }

    @Test
    void podsRunAsTheChartsServiceAccount() {
        Manifest account = chart.only("ServiceAccount");
        assertThat(account.get("metadata.name")).isEqualTo(Charts.FULLNAME);
        assertThat(account.get("automountServiceAccountToken")).isEqualTo(false);
        assertThat(deployment.get("spec.template.spec.serviceAccountName")).isEqualTo(Charts.FULLNAME);
    }

    @Test
    void podDrainsBeforeShuttingDownAndGetsNoServiceLinks() {
        assertThat(deployment.list(CONTAINER + ".lifecycle.preStop.exec.command")).containsExactly("sleep", "5");
        assertThat(deployment.get("spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(30);
        assertThat(deployment.get("spec.template.spec.enableServiceLinks")).isEqualTo(false);
    }

    @Test
    void imageDefaultsToTheAppVersion() {
        assertThat(deployment.get(CONTAINER + ".image")).isEqualTo("gatun-examples:0.1.0-SNAPSHOT");
    }

    @Test
    void rollingUpdateNeverGoesBelowTheWantedPodCount() {
        assertThat(deployment.get("spec.strategy.rollingUpdate.maxUnavailable")).isEqualTo(0);
    }
}
