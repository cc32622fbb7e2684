# mistake: writes the ClusterRole by hand with the core API group ("") instead of apps
# fails: deployments/can-create
# message: none of which allows create deployments.apps
kubectl create serviceaccount ci -n build
cat <<'YAML' | kubectl apply -f -
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployment-manager
rules:
- apiGroups: [""]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
YAML
kubectl create rolebinding ci-deployments --clusterrole=deployment-manager --serviceaccount=build:ci -n build
