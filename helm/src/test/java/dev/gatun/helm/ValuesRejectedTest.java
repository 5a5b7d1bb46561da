package dev.gatun.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad values stop rendering with a message naming the value: values.schema.json, or the chart's own checks. */
class ValuesRejectedTest {

    static Stream<Arguments> valuesBreakingTheSchema() {
        return Stream.of(
                Arguments.of("replicaCount: -1", "replicaCount"),
                Arguments.of("replicaCount: three", "replicaCount"),
                Arguments.of("replicaCount: 1.5", "replicaCount"),
                Arguments.of("containerPort: 70000", "containerPort"),
                Arguments.of("containerPort: \"8080\"", "containerPort"),
                Arguments.of("image:\n  repository: gatun-examples\n  pullPolicy: Sometimes", "pullPolicy"),
                Arguments.of("image:\n  repository: \"\"\n  pullPolicy: Always", "repository"),
                Arguments.of("service:\n  type: Ingress\n  port: 80", "type"),
                Arguments.of("service:\n  type: ClusterIP\n  port: 0", "port"),
                Arguments.of("securityContext:\n  readOnlyRootFilesystem: \"yes\"\n  allowPrivilegeEscalation: false",
                        "readOnlyRootFilesystem"),
                Arguments.of("autoscaling:\n  enabled: true\n  minReplicas: 0\n  maxReplicas: 3\n"
                        + "  targetCPUUtilizationPercentage: 70", "minReplicas"),
                Arguments.of("autoscaling:\n  enabled: \"true\"\n  minReplicas: 1\n  maxReplicas: 3\n"
                        + "  targetCPUUtilizationPercentage: 70", "enabled"),
                Arguments.of("podDisruptionBudget:\n  enabled: true\n  minAvailable: -1", "minAvailable"),
                Arguments.of("podDisruptionBudget:\n  enabled: true\n  minAvailable: half", "minAvailable"),
                Arguments.of("probes:\n  liveness:\n    path: /actuator/health/liveness\n    periodSeconds: 0\n"
                        + "    timeoutSeconds: 1\n    failureThreshold: 3", "periodSeconds"),
                Arguments.of("jvm:\n  options: -Xmx1g", "options"),
                Arguments.of("modules:\n  mountPath: /modules\n  binaryData:\n    notes.txt: AGFzbQ==", "notes.txt"),
                Arguments.of("modules:\n  mountPath: /modules\n  binaryData:\n    a.wasm: \"not base64!\"", "a.wasm"),
                Arguments.of("resources:\n  requests:\n    memory: lots\n  limits: {}", "memory"),
                Arguments.of("tmpVolume:\n  sizeLimit: 64Mi\n  medium: Disk", "medium"),
                Arguments.of("replicas: 3", "replicas"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesBreakingTheSchema")
    void schemaRejects(String values, String namedInMessage, @TempDir Path temp) throws IOException {
        Path file = Files.writeString(temp.resolve("bad.yaml"), values + "\n");
        assertThatThrownBy(() -> Charts.render(command -> command.withValuesFile(file)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(namedInMessage);
    }

    @Test
    void setRejectsANegativeReplicaCount() {
        assertThatThrownBy(() -> Charts.render(command -> command.set("replicaCount", -2)))
                .hasMessageContaining("replicaCount")
                .hasMessageContaining("schema");
    }

    @Test
    void maxReplicasBelowMinReplicasIsRejected() {
        assertThatThrownBy(() -> Charts.render(command -> command
                        .set("autoscaling.minReplicas", 4).set("autoscaling.maxReplicas", 3)))
                .hasMessageContaining("autoscaling.maxReplicas (3) must be at least autoscaling.minReplicas (4)");
    }

    @Test
    void bothDisruptionBudgetBoundsAreRejected() {
        assertThatThrownBy(() -> Charts.render(command -> command.set("podDisruptionBudget.maxUnavailable", 1)))
                .hasMessageContaining("set either minAvailable or maxUnavailable, not both");
    }

    @Test
    void disruptionBudgetThatBlocksEveryEvictionIsRejected() {
        assertThatThrownBy(() -> Charts.render(command -> command
                        .set("autoscaling.enabled", false).set("replicaCount", 1)))
                .hasMessageContaining("podDisruptionBudget.minAvailable (1) must be below the pod count (1)");
    }

    @Test
    void preStopDelayThatOutlastsTheGracePeriodIsRejected() {
        assertThatThrownBy(() -> Charts.render(command -> command.set("preStopDelaySeconds", 30)))
                .hasMessageContaining("preStopDelaySeconds (30) must be below terminationGracePeriodSeconds (30)");
    }

    @Test
    void singleReplicaIsAcceptedWithoutDisruptionBudget() {
        var rendered = Charts.render(command -> command.set("autoscaling.enabled", false).set("replicaCount", 1)
                .set("podDisruptionBudget.enabled", false));
        assertThat(rendered.has("PodDisruptionBudget")).isFalse();
        assertThat(rendered.only("Deployment").get("spec.replicas")).isEqualTo(1);
    }
}
