{{/*
Name of the chart, or nameOverride.
*/}}
{{- define "gatun-example.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name of the release's resources, at most 63 characters (a DNS label).
The release name alone when it already contains the chart name.
*/}}
{{- define "gatun-example.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "gatun-example.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Standard labels of every resource.
*/}}
{{- define "gatun-example.labels" -}}
helm.sh/chart: {{ include "gatun-example.chart" . }}
{{ include "gatun-example.selectorLabels" . }}
app.kubernetes.io/version: {{ include "gatun-example.imageTag" . | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: gatun
{{- end }}

{{/*
Labels that select the pods: stable across upgrades, so never the version.
*/}}
{{- define "gatun-example.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gatun-example.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount the pods run as.
*/}}
{{- define "gatun-example.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "gatun-example.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image tag: image.tag, or the chart's appVersion.
*/}}
{{- define "gatun-example.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{/*
Full image reference; a digest, when given, pins it.
*/}}
{{- define "gatun-example.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (include "gatun-example.imageTag" .) }}
{{- end }}
{{- end }}

{{/*
Names of the two ConfigMaps.
*/}}
{{- define "gatun-example.configName" -}}
{{- printf "%s-config" (include "gatun-example.fullname" . | trunc 56 | trimSuffix "-") }}
{{- end }}

{{- define "gatun-example.modulesName" -}}
{{- printf "%s-modules" (include "gatun-example.fullname" . | trunc 55 | trimSuffix "-") }}
{{- end }}

{{/*
True (non-empty) when the chart creates the modules ConfigMap: no volume and no existing ConfigMap given.
*/}}
{{- define "gatun-example.createsModulesConfigMap" -}}
{{- if and (empty .Values.modules.volume) (empty .Values.modules.existingConfigMap) }}true{{ end }}
{{- end }}

{{/*
application.yaml: the user's `application` values with the keys the pod depends on (ports, health probes,
modules directory) forced to match the Deployment.
*/}}
{{- define "gatun-example.applicationYaml" -}}
{{- $owned := dict
  "server" (dict "port" .Values.containerPort)
  "management" (dict
    "server" (dict "port" .Values.containerPort)
    "endpoint" (dict "health" (dict "probes" (dict "enabled" true))))
  "gatun" (dict "modules-dir" .Values.modules.mountPath) }}
{{- toYaml (mustMergeOverwrite (deepCopy .Values.application) $owned) }}
{{- end }}

{{/*
Fails rendering on combinations the schema cannot express.
*/}}
{{- define "gatun-example.checkValues" -}}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) }}
{{- fail (printf "autoscaling.maxReplicas (%v) must be at least autoscaling.minReplicas (%v)" .Values.autoscaling.maxReplicas .Values.autoscaling.minReplicas) }}
{{- end }}
{{- if ge (int .Values.preStopDelaySeconds) (int .Values.terminationGracePeriodSeconds) }}
{{- fail (printf "preStopDelaySeconds (%v) must be below terminationGracePeriodSeconds (%v): the pod would be killed before it shuts down" .Values.preStopDelaySeconds .Values.terminationGracePeriodSeconds) }}
{{- end }}
{{- if .Values.podDisruptionBudget.enabled }}
{{- $min := .Values.podDisruptionBudget.minAvailable }}
{{- $max := .Values.podDisruptionBudget.maxUnavailable }}
{{- $minSet := not (eq (toString $min) "") }}
{{- $maxSet := not (eq (toString $max) "") }}
{{- if and $minSet $maxSet }}
{{- fail "podDisruptionBudget: set either minAvailable or maxUnavailable, not both (set the other to \"\")" }}
{{- end }}
{{- if not (or $minSet $maxSet) }}
{{- fail "podDisruptionBudget: enabled but neither minAvailable nor maxUnavailable is set" }}
{{- end }}
{{- $pods := ternary .Values.autoscaling.minReplicas .Values.replicaCount .Values.autoscaling.enabled }}
{{- if and $minSet (not (kindIs "string" $min)) (ge (int $min) (int $pods)) }}
{{- fail (printf "podDisruptionBudget.minAvailable (%v) must be below the pod count (%v): otherwise no pod can ever be evicted and node drains hang" $min $pods) }}
{{- end }}
{{- end }}
{{- end }}
