# mistake: a typo in the init container's image tag; the init container never starts
# fails: database/ready
# message: init container wait-for-db cannot pull image "busybox:1.366"
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
    image: busybox:1.366
    command: ["sh", "-c", "until nslookup orders-db.default.svc.cluster.local; do echo waiting for orders-db; sleep 2; done"]
  containers:
  - name: orders
    image: nginx:1.27
YAML
kubectl apply -f ~/orders.yaml
kubectl create deployment orders-db --image=redis:7
kubectl expose deployment orders-db --port=6379
