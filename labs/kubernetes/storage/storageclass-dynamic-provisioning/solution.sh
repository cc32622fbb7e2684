kubectl get storageclass

cat > ~/cache.yaml <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: cache-data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  containers:
    - name: redis
      image: redis:7
      volumeMounts:
        - name: data
          mountPath: /data
  volumes:
    - name: data
      persistentVolumeClaim:
        claimName: cache-data
YAML
kubectl apply -f ~/cache.yaml
kubectl wait --for=condition=Ready pod/cache --timeout=60s
kubectl get pvc cache-data -o jsonpath='{.metadata.annotations.volume\.kubernetes\.io/selected-node}'; echo
kubectl get pod cache -o wide

cat > ~/local-retain.yaml <<'YAML'
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-retain
provisioner: rancher.io/local-path
reclaimPolicy: Retain
allowVolumeExpansion: true
volumeBindingMode: WaitForFirstConsumer
YAML
kubectl apply -f ~/local-retain.yaml

cat > ~/db.yaml <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: db-data
spec:
  storageClassName: local-retain
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 2Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
    - name: postgres
      image: postgres:16
      env:
        - name: POSTGRES_PASSWORD
          value: example
      volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
  volumes:
    - name: data
      persistentVolumeClaim:
        claimName: db-data
YAML
kubectl apply -f ~/db.yaml
kubectl wait --for=condition=Ready pod/db --timeout=60s
kubectl get pv

kubectl patch pvc db-data -p '{"spec":{"resources":{"requests":{"storage":"4Gi"}}}}'
kubectl get pvc db-data
