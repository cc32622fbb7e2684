# task: deploy
kubectl config use-context k8s
kubectl -n hccda create deployment web --image=nginx:1.27 --replicas=3
kubectl -n hccda rollout status deployment/web --timeout=60s

# task: expose
kubectl config use-context k8s
kubectl -n hccda get deployment shop -o wide
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: shop-svc
  namespace: hccda
spec:
  type: NodePort
  selector:
    app: shop
  ports:
    - port: 80
      targetPort: 80
      nodePort: 30080
YAML
kubectl -n hccda get endpoints shop-svc

# task: config
kubectl config use-context k8s
kubectl -n hccda create configmap app-config --from-literal=APP_MODE=production --from-literal=APP_LANG=zh-CN
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: config-reader
  namespace: hccda
spec:
  containers:
    - name: reader
      image: busybox:1.36
      command: ["sleep", "3600"]
      envFrom:
        - configMapRef:
            name: app-config
YAML
kubectl -n hccda wait --for=condition=Ready pod/config-reader --timeout=60s

# task: storage
kubectl config use-context k8s
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data-pvc
  namespace: hccda
spec:
  storageClassName: standard
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: data-pod
  namespace: hccda
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      volumeMounts:
        - name: data
          mountPath: /usr/share/nginx/html
  volumes:
    - name: data
      persistentVolumeClaim:
        claimName: data-pvc
YAML
kubectl -n hccda wait --for=condition=Ready pod/data-pod --timeout=60s
kubectl -n hccda get pvc data-pvc

# task: update
kubectl config use-context k8s
kubectl -n hccda set image deployment/api nginx=nginx:1.27
kubectl -n hccda scale deployment api --replicas=4
kubectl -n hccda rollout status deployment/api --timeout=60s

# task: schedule-ssd
kubectl config use-context k8s
kubectl label node node02 disktype=ssd
kubectl -n hccda run fast-pod --image=nginx:1.27 --overrides='{"spec":{"nodeSelector":{"disktype":"ssd"}}}'
kubectl -n hccda wait --for=condition=Ready pod/fast-pod --timeout=60s
kubectl -n hccda get pod fast-pod -o wide

# task: secret
kubectl config use-context k8s
kubectl -n hccda create secret generic db-secret --from-literal=DB_PASSWORD='Huawei@123'
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: db-client
  namespace: hccda
spec:
  containers:
    - name: client
      image: busybox:1.36
      command: ["sleep", "3600"]
      env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: db-secret
              key: DB_PASSWORD
YAML
kubectl -n hccda wait --for=condition=Ready pod/db-client --timeout=60s

# task: fix-web
kubectl config use-context k8s
kubectl -n hccda get pods -l app=legacy-web
kubectl -n hccda get events --field-selector reason=Failed
kubectl -n hccda set image deployment/legacy-web nginx=nginx:1.27
kubectl -n hccda rollout status deployment/legacy-web --timeout=60s
