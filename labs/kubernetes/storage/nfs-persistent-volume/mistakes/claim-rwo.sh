# mistake: the claim asks for ReadWriteOnce, which the NFS volume does not offer; it stays Pending
# fails: claim/bound
# message: nfs-pv offers ReadWriteMany, the claim asks for ReadWriteOnce
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: PersistentVolume
metadata:
  name: nfs-pv
spec:
  capacity:
    storage: 10Gi
  accessModes: [ReadWriteMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  nfs:
    server: 172.30.1.2
    path: /srv/nfs/data
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: nfs-claim
spec:
  storageClassName: ""
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 5Gi
YAML
