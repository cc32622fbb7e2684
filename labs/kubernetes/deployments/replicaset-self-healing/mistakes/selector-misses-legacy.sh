# mistake: selects the pods by app=frontend (the template carries it too), so legacy is not adopted
# fails: create/adopted
# message: Pod legacy is not owned by ReplicaSet frontend
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: frontend
        tier: frontend
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
YAML
