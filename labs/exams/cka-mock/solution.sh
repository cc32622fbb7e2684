# task: contexts
kubectl config use-context k8s-c1
mkdir -p ~/exam
kubectl config get-contexts -o name > ~/exam/contexts.txt
cat ~/exam/contexts.txt

# task: broken-node
kubectl config use-context k8s-c2
kubectl wait --for=condition=Ready=Unknown node/node02 --timeout=60s
# kubectl get nodes -L pool shows node02 NotReady, the only node of pool=billing
echo node02 > ~/exam/notready-node.txt
kubectl cordon node02
kubectl -n billing patch deployment billing --type=json -p '[{"op":"replace","path":"/spec/template/spec/affinity/nodeAffinity","value":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,"preference":{"matchExpressions":[{"key":"pool","operator":"In","values":["billing"]}]}}]}}]'
kubectl -n billing rollout status deployment/billing --timeout=60s

# task: rbac
kubectl config use-context k8s-c1
kubectl -n ci create serviceaccount deploy-bot
kubectl create clusterrole deployment-manager --verb=create,get,list,watch,update,patch,delete --resource=deployments.apps
kubectl -n ci create rolebinding deploy-bot --clusterrole=deployment-manager --serviceaccount=ci:deploy-bot
kubectl -n staging create rolebinding deploy-bot --clusterrole=deployment-manager --serviceaccount=ci:deploy-bot
# check: kubectl auth can-i create deployments -n staging --as=system:serviceaccount:ci:deploy-bot   (yes; in default: no)

# task: storageclass
kubectl config use-context k8s-c1
cat <<'YAML' | kubectl apply -f -
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast-local
provisioner: rancher.io/local-path
reclaimPolicy: Retain
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: true
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: reports
  namespace: analytics
spec:
  storageClassName: fast-local
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 2Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: report-writer
  namespace: analytics
spec:
  containers:
    - name: writer
      image: busybox:1.36
      command: ["sleep", "3600"]
      volumeMounts:
        - name: reports
          mountPath: /reports
  volumes:
    - name: reports
      persistentVolumeClaim:
        claimName: reports
YAML

# task: scheduler-name
kubectl config use-context k8s-c3
# kubectl -n accounts get pods: Pending, and describe shows no scheduling event at all
kubectl -n accounts get deployment ledger -o jsonpath='{.spec.template.spec.schedulerName}{"\n"}'
kubectl -n accounts patch deployment ledger -p '{"spec":{"template":{"spec":{"schedulerName":"default-scheduler"}}}}'
kubectl -n accounts rollout status deployment/ledger --timeout=60s

# task: drain
kubectl config use-context k8s-c2
# kubectl get pods -A -o wide --field-selector spec.nodeName=node03
kubectl drain node03 --ignore-daemonsets --delete-emptydir-data --force --timeout=60s
kubectl rollout status deployment/cache --timeout=60s

# task: taint
kubectl config use-context k8s-c1
kubectl taint node node01 dedicated=gpu:NoSchedule
cat <<'YAML' | kubectl apply -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: trainer
  namespace: ml
spec:
  replicas: 2
  selector:
    matchLabels:
      app: trainer
  template:
    metadata:
      labels:
        app: trainer
    spec:
      nodeSelector:
        accelerator: gpu
      tolerations:
        - key: dedicated
          operator: Equal
          value: gpu
          effect: NoSchedule
      containers:
        - name: nginx
          image: nginx:1.27
YAML

# task: pv
kubectl config use-context k8s-c1
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: PersistentVolume
metadata:
  name: archive-pv
spec:
  capacity:
    storage: 5Gi
  accessModes: [ReadWriteMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: manual
  hostPath:
    path: /srv/archive
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: archive-claim
  namespace: analytics
spec:
  storageClassName: manual
  accessModes: [ReadWriteMany]
  resources:
    requests:
      storage: 3Gi
YAML

# task: coredns
kubectl config use-context k8s-c3
kubectl -n kube-system get events --field-selector reason=Failed
kubectl -n kube-system set image deployment/coredns coredns=registry.k8s.io/coredns/coredns:v1.12.0
kubectl -n kube-system rollout status deployment/coredns --timeout=60s

# task: controlplane-pod
kubectl config use-context k8s-c3
# kubectl describe node controlplane: Taints node-role.kubernetes.io/control-plane:NoSchedule
cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: cp-agent
  namespace: default
spec:
  nodeSelector:
    node-role.kubernetes.io/control-plane: ""
  tolerations:
    - key: node-role.kubernetes.io/control-plane
      operator: Exists
      effect: NoSchedule
  containers:
    - name: agent
      image: busybox:1.36
      command: ["sleep", "3600"]
YAML

# task: networkpolicy
kubectl config use-context k8s-c1
# kubectl get namespaces --show-labels: only api carries team=api
cat <<'YAML' | kubectl apply -f -
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-api
  namespace: prod
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: api
      ports:
        - protocol: TCP
          port: 6379
YAML

# task: node-affinity
kubectl config use-context k8s-c1
# kubectl get nodes -L disktype: node02 is the ssd node
kubectl -n search patch deployment search --type=json -p '[{"op":"replace","path":"/spec/template/spec/affinity","value":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"disktype","operator":"In","values":["ssd"]}]}]}}}}]'
kubectl -n search rollout status deployment/search --timeout=60s

# task: daemonset
kubectl config use-context k8s-c2
cat <<'YAML' | kubectl apply -f -
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: monitoring
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      tolerations:
        - key: node-role.kubernetes.io/control-plane
          operator: Exists
          effect: NoSchedule
      containers:
        - name: agent
          image: busybox:1.36
          command: ["sleep", "36000"]
YAML

# task: service-dns
kubectl config use-context k8s-c1
kubectl -n finance expose deployment payments --port=8080 --target-port=80
echo payments.finance.svc.cluster.local > ~/exam/payments-fqdn.txt

# task: static-pods
kubectl config use-context k8s-c3
kubectl get pods -A -o jsonpath='{range .items[?(@.metadata.ownerReferences[0].kind=="Node")]}{.metadata.name}{"\n"}{end}' > ~/exam/static-pods.txt
cat ~/exam/static-pods.txt

# task: hpa
kubectl config use-context k8s-c1
kubectl -n autoscale set resources deployment web -c nginx --requests=cpu=100m
kubectl -n autoscale autoscale deployment web --name=web --min=2 --max=6 --cpu-percent=70
# kubectl -n autoscale get hpa web shows the CPU target once the pods have a request
