cat <<'YAML' > frontend.yaml
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
  labels:
    app: shop
spec:
  replicas: 3
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
kubectl apply -f frontend.yaml
kubectl get pods -l tier=frontend --show-labels
kubectl get pod legacy -o jsonpath='{.metadata.ownerReferences[0].name}{"\n"}'

kubectl delete pod legacy
kubectl wait --for=condition=Ready pod -l tier=frontend --timeout=60s
kubectl get pods -l tier=frontend

kubectl scale replicaset frontend --replicas=5
kubectl wait --for=jsonpath='{.status.readyReplicas}'=5 replicaset/frontend --timeout=60s

pod=$(kubectl get pods -l tier=frontend -o jsonpath='{.items[0].metadata.name}')
kubectl label pod "$pod" tier=debug --overwrite
kubectl get pods -l app=shop -L tier
