# mistake: drops storageClassName; the default StorageClass takes the claim and archive-pv stays unused
# fails: bind/volume
# message: expected archive-pv
kubectl delete pvc archive-data -n data --wait=false
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: archive-data
  namespace: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 5Gi
YAML
kubectl delete pod -n data -l app=archive
