# mistake: uses a label key no node has (zone instead of topology.kubernetes.io/zone); the required rule matches no node
# fails: required/in-zone-b
# message: didn't match Pod's node affinity/selector
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: zone-b-app
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: zone
            operator: In
            values: [zone-b]
  containers:
  - name: nginx
    image: nginx:1.27
YAML
