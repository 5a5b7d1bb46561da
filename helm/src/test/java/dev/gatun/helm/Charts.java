package dev.gatun.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Renders the chart under test offline with the Helm library bundled in helm-java. */
final class Charts {
    static final String RELEASE = "demo";
    static final String FULLNAME = "demo-gatun-example";
    /** The Kubernetes version rendered for; Helm's own default (1.20) is below the chart's kubeVersion. */
    static final String KUBE_VERSION = "1.31.0";

    private Charts() {}

    /** The chart's folder: surefire runs in the module folder (helm/). */
    static Path chartDirectory() {
        Path chart = Path.of("gatun-example").toAbsolutePath();
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new IllegalStateException("chart not found at " + chart + " (tests must run from helm/)");
        }
        return chart;
    }

    static RenderedChart render(Path chart, UnaryOperator<TemplateCommand> values) {
        TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace("apps")
                .withKubeVersion(KUBE_VERSION);
        return RenderedChart.parse(values.apply(command).call());
    }

    static RenderedChart render(UnaryOperator<TemplateCommand> values) {
        return render(chartDirectory(), values);
    }

    static RenderedChart renderDefaults() {
        return render(command -> command);
    }
}
