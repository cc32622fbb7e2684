# mistake: uncordons node02 instead of node01, so the canary pinned to node01 cannot be scheduled
# fails: uncordon/canary-on-node01
# message: were unschedulable
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data
kubectl scale deployment web --replicas=6
kubectl uncordon node02
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: canary
spec:
  nodeSelector:
    kubernetes.io/hostname: node01
  containers:
  - name: nginx
    image: nginx:1.27
YAML
