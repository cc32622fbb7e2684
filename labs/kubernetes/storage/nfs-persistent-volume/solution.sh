cat > ~/nfs-pv.yaml <<'YAML'
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
YAML
kubectl apply -f ~/nfs-pv.yaml
kubectl get pv nfs-pv

cat > ~/nfs-claim.yaml <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: nfs-claim
spec:
  storageClassName: ""
  accessModes: [ReadWriteMany]
  resources:
    requests:
      storage: 5Gi
YAML
kubectl apply -f ~/nfs-claim.yaml
kubectl get pvc nfs-claim

cat > ~/web-nfs.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-nfs
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web-nfs
  template:
    metadata:
      labels:
        app: web-nfs
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
          volumeMounts:
            - name: html
              mountPath: /usr/share/nginx/html
      volumes:
        - name: html
          persistentVolumeClaim:
            claimName: nfs-claim
YAML
kubectl apply -f ~/web-nfs.yaml
kubectl rollout status deployment/web-nfs --timeout=60s
kubectl get pods -l app=web-nfs -o wide

kubectl exec deploy/web-nfs -- sh -c 'echo "<h1>Shared over NFS</h1>" > /usr/share/nginx/html/index.html'
for p in $(kubectl get pods -l app=web-nfs -o jsonpath='{.items[*].metadata.name}'); do
  kubectl exec "$p" -- cat /usr/share/nginx/html/index.html
done
