kubectl get pv --show-labels

cat > ~/inventory-data.yaml <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: inventory-data
  namespace: inventory
spec:
  storageClassName: ""
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 3Gi
YAML
kubectl apply -f ~/inventory-data.yaml
kubectl -n inventory get pvc inventory-data

cat > ~/inventory-app.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: inventory-app
  namespace: inventory
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "echo \"stock snapshot\" > /data/stock.txt; sleep 3600"]
      volumeMounts:
        - name: data
          mountPath: /data
  volumes:
    - name: data
      persistentVolumeClaim:
        claimName: inventory-data
YAML
kubectl apply -f ~/inventory-app.yaml
kubectl -n inventory wait --for=condition=Ready pod/inventory-app --timeout=60s

cat > ~/archive-data.yaml <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: archive-data
  namespace: inventory
spec:
  storageClassName: ""
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 2Gi
  selector:
    matchLabels:
      tier: archive
YAML
kubectl apply -f ~/archive-data.yaml
kubectl get pv
