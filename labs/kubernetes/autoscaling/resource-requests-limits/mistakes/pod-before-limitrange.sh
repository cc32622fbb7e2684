# mistake: creates plain before the LimitRange; admission only fills in defaults for pods created afterwards
# fails: defaults-applied/limits
# message: should have received the default limits
kubectl run plain -n team-a --image=nginx:1.27
kubectl wait --for=condition=Ready pod/plain -n team-a --timeout=60s
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
