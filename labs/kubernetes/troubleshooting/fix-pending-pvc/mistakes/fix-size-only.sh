# mistake: recreates the claim with a size that fits but still asks for ReadWriteMany
# fails: bind/bound
# message: archive-pv offers ReadWriteOnce, the claim asks for ReadWriteMany
kubectl delete pvc archive-data -n data --wait=false
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: archive-data
  namespace: data
spec:
  accessModes: [ReadWriteMany]
  storageClassName: manual
  resources:
    requests:
      storage: 5Gi
YAML
