cat > ~/data-writer.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: data-writer
spec:
  nodeName: node01
  containers:
    - name: writer
      image: busybox:1.36
      command: ["sh", "-c", "echo \"$(hostname) was here at $(date)\" >> /data/visits.log; sleep 3600"]
      volumeMounts:
        - name: app-data
          mountPath: /data
  volumes:
    - name: app-data
      hostPath:
        path: /var/local/app-data
        type: DirectoryOrCreate
YAML
kubectl apply -f ~/data-writer.yaml
kubectl wait --for=condition=Ready pod/data-writer --timeout=60s

cat > ~/data-reader.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: data-reader
spec:
  nodeSelector:
    kubernetes.io/hostname: node01
  containers:
    - name: reader
      image: busybox:1.36
      command: ["sh", "-c", "tail -F /input/visits.log"]
      volumeMounts:
        - name: app-data
          mountPath: /input
          readOnly: true
  volumes:
    - name: app-data
      hostPath:
        path: /var/local/app-data
        type: Directory
YAML
kubectl apply -f ~/data-reader.yaml
kubectl wait --for=condition=Ready pod/data-reader --timeout=60s
kubectl get pods -o wide
kubectl logs data-reader
