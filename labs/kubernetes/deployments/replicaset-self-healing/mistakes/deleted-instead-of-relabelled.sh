# mistake: deletes a pod instead of relabelling it; no pod is released from the set
# fails: release/released
# message: Expected exactly one pod labelled tier=debug
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
  labels:
    app: shop
spec:
  replicas: 5
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        app: shop
        tier: frontend
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
YAML
kubectl delete pod legacy
kubectl wait --for=jsonpath='{.status.readyReplicas}'=5 replicaset/frontend --timeout=60s
pod=$(kubectl get pods -l tier=frontend -o jsonpath='{.items[0].metadata.name}')
kubectl delete pod "$pod"
