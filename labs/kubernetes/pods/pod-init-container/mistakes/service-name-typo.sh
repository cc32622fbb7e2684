# mistake: names the Service orders-database; the init container keeps waiting for orders-db
# fails: database/ready
# message: is Pending
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
kubectl create deployment orders-db --image=redis:7
kubectl expose deployment orders-db --port=6379 --name=orders-database
