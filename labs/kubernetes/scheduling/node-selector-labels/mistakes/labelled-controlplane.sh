# mistake: labels the control-plane node instead of node01; its taint keeps the pod away, so fast-cache stays Pending
# fails: schedule/on-node01
# message: didn't match Pod's node affinity/selector
kubectl label node controlplane disktype=ssd
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: fast-cache
spec:
  nodeSelector:
    disktype: ssd
  containers:
  - name: redis
    image: redis:7
YAML
