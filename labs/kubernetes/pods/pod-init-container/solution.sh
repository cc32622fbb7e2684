cat > ~/orders.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: orders
  labels:
    app: orders
spec:
  initContainers:
  - name: wait-for-db
    image: busybox:1.36
    command: ["sh", "-c", "until nslookup orders-db.default.svc.cluster.local; do echo waiting for orders-db; sleep 2; done"]
  containers:
  - name: orders
    image: nginx:1.27
YAML
kubectl apply -f ~/orders.yaml
# the pod stays in Init:0/1 while the name does not resolve
for i in $(seq 30); do kubectl logs orders -c wait-for-db 2>/dev/null | grep -q waiting && break; sleep 1; done
kubectl get pod orders
kubectl logs orders -c wait-for-db
# the dependency appears: the init container's loop ends and the app starts
kubectl create deployment orders-db --image=redis:7
kubectl expose deployment orders-db --port=6379
kubectl rollout status deployment/orders-db --timeout=60s
kubectl wait --for=condition=Ready pod/orders --timeout=60s
