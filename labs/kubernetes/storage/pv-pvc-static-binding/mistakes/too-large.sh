# mistake: the claim asks for 20Gi, more than any volume offers; it stays Pending
# fails: claim/bound
# message: no PersistentVolume matches it
cat <<'YAML' | kubectl apply -f -
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
      storage: 20Gi
YAML
