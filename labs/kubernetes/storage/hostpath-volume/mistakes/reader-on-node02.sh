# mistake: the reader is sent to node02, where /var/local/app-data is another, empty directory
# fails: reader/same-node
# message: is node02, expected node01
cat <<'YAML' | kubectl apply -f -
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
---
apiVersion: v1
kind: Pod
metadata:
  name: data-reader
spec:
  nodeSelector:
    kubernetes.io/hostname: node02
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
        type: DirectoryOrCreate
YAML
