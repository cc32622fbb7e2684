kubectl describe node controlplane | grep Taints
cat <<'YAML' > node-agent.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: infra
  labels:
    app: node-agent
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
          command: ["sh", "-c", "while true; do echo collecting metrics on $NODE_NAME; sleep 30; done"]
          env:
            - name: NODE_NAME
              valueFrom:
                fieldRef:
                  fieldPath: spec.nodeName
YAML
kubectl apply -f node-agent.yaml
kubectl rollout status daemonset/node-agent -n infra --timeout=60s
kubectl get pods -n infra -l app=node-agent -o wide

kubectl get nodes -L disktype
cat <<'YAML' > ssd-cache.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ssd-cache
  namespace: infra
  labels:
    app: ssd-cache
spec:
  selector:
    matchLabels:
      app: ssd-cache
  template:
    metadata:
      labels:
        app: ssd-cache
    spec:
      nodeSelector:
        disktype: ssd
      containers:
        - name: redis
          image: redis:7
YAML
kubectl apply -f ssd-cache.yaml
kubectl rollout status daemonset/ssd-cache -n infra --timeout=60s

kubectl label node node02 disktype=ssd
kubectl rollout status daemonset/ssd-cache -n infra --timeout=60s
kubectl get pods -n infra -l app=ssd-cache -o wide
