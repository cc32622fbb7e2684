# mistake: copies an old blog post's policy/v1beta1, which Kubernetes 1.25 removed
# fails: create/min-available
# message: was not found
mkdir -p ~/api
cat > ~/api/pdb.yaml <<'YAML'
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: web
YAML
kubectl apply -f ~/api/pdb.yaml || true
