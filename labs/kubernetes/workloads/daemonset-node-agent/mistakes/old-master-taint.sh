# mistake: tolerates the node-role.kubernetes.io/master taint, which control planes no longer carry
# fails: agent-everywhere/on-control-plane
# message: 0 of 2 Pod objects matching app=node-agent in namespace infra have .spec.nodeName controlplane
kubectl apply -f - <<'YAML'
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: infra
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
        - key: node-role.kubernetes.io/master
          operator: Exists
          effect: NoSchedule
      containers:
        - name: agent
          image: busybox:1.36
          command: ["sh", "-c", "while true; do echo collecting metrics on $NODE_NAME; sleep 30; done"]
YAML
kubectl rollout status daemonset/node-agent -n infra --timeout=60s
