# mistake: fixes the access mode but still asks for 10Gi, more than the volume has
# fails: bind/bound
# message: archive-pv is too small
kubectl delete pvc archive-data -n data --wait=false
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: archive-data
  namespace: data
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources:
    requests:
      storage: 10Gi
YAML
