{{/* Chart name, at most 63 characters. */}}
{{- define "zk-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name: the release name, with the chart name appended unless it already contains it. */}}
{{- define "zk-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "zk-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "zk-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "zk-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "zk-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: zookeeper
{{- end -}}

{{- define "zk-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "zk-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "zk-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/*
The rules the operator needs on ensemble resources, shared by the ClusterRole and the per-namespace
Roles; every verb is one the operator calls (operator/Zk.Operator/Runtime/KubernetesRuntime.cs and
Controller/), nothing more:
- zkensembles: list/watch (informer), get, patch (the finalizer), update (kept for a typed client's
  replace); status: get, update (PUT with resourceVersion), patch; finalizers: update, because owned
  objects carry blockOwnerDeletion owner references (OwnerReferencesPermissionEnforcement).
- owned objects (StatefulSets, Services, ConfigMaps, PDBs): get (observe), patch (server-side apply and
  the replicas merge patch) and create (an apply that creates is also authorized as create).
- pods: get/list/watch (observe, informer), delete (rolling restarts). No pods/exec: the operator speaks
  ZooKeeper's protocol to the members over the network.
- persistentvolumeclaims: list and delete, only for storage.reclaimPolicy Delete.
- secrets: get and create only (the admin Secret holds the super password reconfig needs; created once,
  never updated, never listed).
- events: create and patch.
Owned objects are removed by garbage collection through owner references.
*/}}
{{- define "zk-operator.rules" -}}
- apiGroups: ["zookeeper.zkoperator.io"]
  resources: ["zkensembles"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["zookeeper.zkoperator.io"]
  resources: ["zkensembles/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["zookeeper.zkoperator.io"]
  resources: ["zkensembles/finalizers"]
  verbs: ["update"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "delete"]
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["list", "delete"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
