# mistake: storageClassName left out; the default class standard provisions a new volume instead of binding pv-bravo
# fails: claim/volume
# message: expected pv-bravo
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: inventory-data
  namespace: inventory
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 3Gi
---
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
kubectl -n inventory wait --for=condition=Ready pod/inventory-app --timeout=60s
