kubectl get pods -l app=api -o custom-columns=NAME:.metadata.name,QOS:.status.qosClass
kubectl set resources deployment api --requests=cpu=100m,memory=128Mi --limits=cpu=250m,memory=256Mi
kubectl rollout status deployment/api --timeout=60s
kubectl get pods -l app=api -o custom-columns=NAME:.metadata.name,QOS:.status.qosClass

cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: LimitRange
metadata:
  name: container-defaults
  namespace: team-a
spec:
  limits:
  - type: Container
    defaultRequest:
      cpu: 100m
      memory: 64Mi
    default:
      cpu: 200m
      memory: 128Mi
    max:
      cpu: 500m
      memory: 256Mi
YAML
kubectl describe limitrange container-defaults -n team-a

kubectl run plain -n team-a --image=nginx:1.27
kubectl wait --for=condition=Ready pod/plain -n team-a --timeout=60s
kubectl get pod plain -n team-a -o jsonpath='{.spec.containers[0].resources}{"\n"}'

cat <<'YAML' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: critical
  namespace: team-a
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    resources:
      requests:
        cpu: 300m
        memory: 256Mi
      limits:
        cpu: 300m
        memory: 256Mi
YAML
kubectl wait --for=condition=Ready pod/critical -n team-a --timeout=60s
kubectl get pods -n team-a -o custom-columns=NAME:.metadata.name,QOS:.status.qosClass
