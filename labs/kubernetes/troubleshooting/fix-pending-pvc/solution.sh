kubectl get pods -n data
kubectl describe pvc archive-data -n data
kubectl get pv archive-pv
# the claim asks for ReadWriteMany and 10Gi; archive-pv offers ReadWriteOnce and 5Gi
kubectl delete pvc archive-data -n data --wait=false
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: archive-data
  namespace: data
spec:
  accessModes:
    - ReadWriteOnce
  storageClassName: manual
  resources:
    requests:
      storage: 5Gi
YAML
for i in $(seq 1 30); do
  [ "$(kubectl get pvc archive-data -n data -o jsonpath='{.status.phase}')" = Bound ] && break
  sleep 1
done
kubectl get pvc archive-data -n data
# the pod was rejected while the claim was unbound: replace it so it is scheduled now
kubectl delete pod -n data -l app=archive
kubectl rollout status deployment/archive -n data --timeout=60s
