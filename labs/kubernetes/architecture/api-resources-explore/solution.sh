mkdir -p ~/api
kubectl api-resources
echo netpol > ~/api/networkpolicy-short.txt
kubectl api-resources | grep -w Deployment
echo apps > ~/api/deployment-group.txt
kubectl api-resources --namespaced=false -o name > ~/api/cluster-scoped.txt
kubectl api-versions | grep autoscaling
kubectl explain hpa | grep -E '^(GROUP|VERSION)'
echo autoscaling/v2 > ~/api/hpa-apiversion.txt
kubectl explain deployment.spec
echo revisionHistoryLimit > ~/api/history-field.txt
kubectl explain pdb.spec
cat > ~/api/pdb.yaml <<'YAML'
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: web
YAML
kubectl apply -f ~/api/pdb.yaml
