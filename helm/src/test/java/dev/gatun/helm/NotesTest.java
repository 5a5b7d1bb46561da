package dev.gatun.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** NOTES.txt, as a client-only dry-run install prints it (no cluster is contacted). */
class NotesTest {

    private static String notes(UnaryOperator<InstallCommand> values) {
        InstallCommand install = new Helm(Charts.chartDirectory()).install()
                .withName(Charts.RELEASE).withNamespace("apps").withKubeVersion(Charts.KUBE_VERSION)
                .clientOnly().withDryRunOption(DryRun.CLIENT);
        return values.apply(install).call().getOutput();
    }

    @Test
    void defaultNotesTellHowToReachTheServiceAndWhereModulesComeFrom() {
        String notes = notes(install -> install);
        assertThat(notes)
                .contains("kubectl --namespace apps rollout status deployment/" + Charts.FULLNAME)
                .contains("kubectl --namespace apps port-forward service/" + Charts.FULLNAME + " 8080:80")
                .contains("Pods: 2 to 6, scaled by the HorizontalPodAutoscaler on CPU.")
                .contains("read from /modules (gatun.modules-dir)")
                .contains("the ConfigMap " + Charts.FULLNAME + "-modules");
    }

    @Test
    void notesFollowServiceTypeReplicasAndModuleSource() {
        String notes = notes(install -> install.set("service.type", "NodePort").set("autoscaling.enabled", false)
                .set("replicaCount", 3).set("modules.existingConfigMap", "ops-modules"));
        assertThat(notes)
                .contains("jsonpath=\"{.spec.ports[0].nodePort}\"")
                .doesNotContain("port-forward")
                .contains("Pods: 3 (autoscaling disabled).")
                .contains("the ConfigMap ops-modules.");
    }
}
