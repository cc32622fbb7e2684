# task: crashing-pod
kubectl config use-context k8s
kubectl -n ops get pods
mkdir -p ~/exam
echo indexer > ~/exam/crashing-pod.txt
kubectl -n ops logs indexer > ~/exam/crashing-pod.log || kubectl -n ops logs indexer --previous > ~/exam/crashing-pod.log
cat ~/exam/crashing-pod.log

# task: sidecar
kubectl config use-context k8s
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: logger
  namespace: logs
spec:
  volumes:
    - name: logs
      emptyDir: {}
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "i=0; while true; do echo \"$(date) tick $i\" >> /var/log/app.log; i=$((i+1)); sleep 2; done"]
      volumeMounts:
        - name: logs
          mountPath: /var/log
    - name: log-shipper
      image: busybox:1.36
      command: ["sh", "-c", "tail -F /var/log/app.log"]
      volumeMounts:
        - name: logs
          mountPath: /var/log
YAML
kubectl -n logs wait --for=condition=Ready pod/logger --timeout=60s

# task: job
kubectl config use-context k8s
# kubectl -n batch create job batch-count --image=busybox:1.36 --dry-run=client -o yaml -- sh -c '...' writes the skeleton
cat <<'YAML' | kubectl apply -f -
apiVersion: batch/v1
kind: Job
metadata:
  name: batch-count
  namespace: batch
spec:
  completions: 4
  parallelism: 2
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: batch-count
          image: busybox:1.36
          command: ["sh", "-c", "echo processed item; sleep 2"]
YAML

# task: rollback
kubectl config use-context k8s
kubectl -n shop rollout history deployment/checkout
kubectl -n shop rollout history deployment/checkout --revision=3 | grep Image
echo 3 > ~/exam/checkout-broken-revision.txt
kubectl -n shop rollout undo deployment/checkout --to-revision=2

# task: configmap-volume
kubectl config use-context k8s
kubectl -n config create configmap app-settings --from-file=$HOME/exam/app.properties
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: settings-reader
  namespace: config
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      volumeMounts:
        - name: settings
          mountPath: /etc/app
          readOnly: true
  volumes:
    - name: settings
      configMap:
        name: app-settings
YAML

# task: security-context
kubectl config use-context k8s
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: hardened
  namespace: secure
spec:
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
  containers:
    - name: app
      image: busybox:1.36
      command: ["sleep", "3600"]
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: ["ALL"]
YAML

# task: service
kubectl config use-context k8s
kubectl -n web expose deployment catalog --name=catalog-svc --port=80 --target-port=8080
kubectl -n web get endpoints catalog-svc

# task: probes
kubectl config use-context k8s
kubectl -n web patch deployment api --type=strategic -p '
spec:
  template:
    spec:
      containers:
        - name: nginx
          readinessProbe:
            httpGet:
              path: /
              port: 80
            initialDelaySeconds: 5
            periodSeconds: 10
          livenessProbe:
            tcpSocket:
              port: 80
            periodSeconds: 15
'

# task: secret-env
kubectl config use-context k8s
kubectl -n payments create secret generic payment-api --from-literal=API_USER=shop --from-literal='API_KEY=Ckad#2024'
kubectl -n payments set env deployment/payment-gateway --from=secret/payment-api

# task: networkpolicy
kubectl config use-context k8s
cat <<'YAML' | kubectl apply -f -
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-ingress
  namespace: data
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: backend
      ports:
        - protocol: TCP
          port: 6379
YAML

# task: cronjob
kubectl config use-context k8s
cat <<'YAML' | kubectl apply -f -
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
  namespace: batch
spec:
  schedule: "*/15 * * * *"
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 1
  jobTemplate:
    spec:
      activeDeadlineSeconds: 60
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: cleanup
              image: busybox:1.36
              command: ["sh", "-c", "echo cleanup done"]
YAML
kubectl -n batch create job cleanup-now --from=cronjob/cleanup

# task: serviceaccount
kubectl config use-context k8s
kubectl -n ops create serviceaccount monitor-sa
kubectl -n ops create role pod-lister --verb=get,list,watch --resource=pods
kubectl -n ops create rolebinding monitor-pod-lister --role=pod-lister --serviceaccount=ops:monitor-sa
kubectl -n ops set serviceaccount deployment/monitor monitor-sa
kubectl auth can-i list pods -n ops --as=system:serviceaccount:ops:monitor-sa

# task: labels
kubectl config use-context k8s
kubectl -n web label pods -l tier=frontend protected=true
kubectl -n web annotate pods -l tier=frontend owner=team-web
kubectl -n web get pods --show-labels

# task: init-container
kubectl config use-context k8s
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: html-init
  namespace: web
spec:
  initContainers:
    - name: prepare
      image: busybox:1.36
      command: ["sh", "-c", "echo '<h1>prepared by init</h1>' > /work/index.html"]
      volumeMounts:
        - name: html
          mountPath: /work
  containers:
    - name: nginx
      image: nginx:1.27
      volumeMounts:
        - name: html
          mountPath: /usr/share/nginx/html
  volumes:
    - name: html
      emptyDir: {}
YAML

# task: resources
kubectl config use-context k8s
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: limited
  namespace: quota
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      resources:
        requests:
          cpu: 100m
          memory: 64Mi
        limits:
          cpu: 250m
          memory: 128Mi
YAML
kubectl -n quota get pod limited -o jsonpath='{.status.qosClass}' > ~/exam/qos.txt
cat ~/exam/qos.txt

# task: strategy
kubectl config use-context k8s
kubectl -n shop patch deployment cart -p '{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}'
kubectl -n shop scale deployment cart --replicas=4

# task: ingress
kubectl config use-context k8s
kubectl -n web create ingress store --class=nginx \
  --rule="store.example.com/*=store-front:80" \
  --rule="store.example.com/api*=store-api:8080"
kubectl -n web get ingress store -o yaml
